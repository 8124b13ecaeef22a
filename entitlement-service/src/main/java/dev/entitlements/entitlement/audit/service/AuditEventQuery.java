package dev.entitlements.entitlement.audit.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.query.Params;
import dev.entitlements.common.query.QueryDefinition;
import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.time.Dates;
import dev.entitlements.contract.error.ErrorCode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The query parameters of {@code GET /audit/events}, read the one way (common {@link Params},
 * {@link Dates}) and handed on as the query envelope every query endpoint validates, so paging is
 * clamped and filters are applied by the same code as {@code POST .../query}: {@code actor} becomes
 * the {@code actor} filter (the subject), {@code from}/{@code to} the {@code at} range.
 */
public final class AuditEventQuery {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AuditEventQuery() {}

    /**
     * @param actors   subjects, any of which an entry's must be (empty: everyone)
     * @param from     the earliest {@code at}: a date (its start) or a point in time, UTC
     * @param to       the latest {@code at}: a date (the whole day) or a point in time, UTC
     * @throws ApiException 400 naming the parameter for a number or date that does not read or more
     *         than {@link QueryDefinition#MAX_FILTER_VALUES} actors, 422 when {@code to} is before {@code from}
     */
    public static QueryRequest of(List<String> actors, String from, String to, String page, String pageSize) {
        Integer pageNumber = Params.integer("page", page);
        Integer size = Params.integer("pageSize", pageSize);
        Instant start = Dates.parseInstant("from", blankToNull(from), Dates.Boundary.START_OF_DAY);
        Instant end = wholeDay(to, Dates.parseInstant("to", blankToNull(to), Dates.Boundary.END_OF_DAY));
        if (start != null && end != null && end.isBefore(start)) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "'to' is before 'from'");
        }
        Map<String, JsonNode> filters = new LinkedHashMap<>();
        List<String> named = actors == null
                ? List.of()
                : actors.stream()
                        .filter(Objects::nonNull)
                        .filter(a -> !a.isBlank())
                        .toList();
        if (named.size() > QueryDefinition.MAX_FILTER_VALUES) {
            throw new ApiException(
                    ErrorCode.INVALID_VALUE,
                    "'actor' cannot be " + named.size() + " values",
                    "expected at most " + QueryDefinition.MAX_FILTER_VALUES);
        }
        if (!named.isEmpty()) {
            ArrayNode values = NODES.arrayNode();
            named.forEach(values::add);
            filters.put("actor", values);
        }
        if (start != null || end != null) {
            ObjectNode range = NODES.objectNode();
            if (start != null) {
                range.put("from", start.toString());
            }
            if (end != null) {
                range.put("to", end.toString());
            }
            filters.put("at", range);
        }
        return new QueryRequest(null, pageNumber, size, null, null, null, filters, null);
    }

    /**
     * A bare date as {@code to} means the whole day: {@link Dates} makes it 23:59:59, and entries are
     * timed to the microsecond, so the last second is included in full.
     */
    private static Instant wholeDay(String raw, Instant end) {
        return end != null && raw.strip().length() == 10 ? end.plusNanos(999_999_000) : end;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
