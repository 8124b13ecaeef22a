package dev.entitlements.common.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.time.Dates;
import dev.entitlements.contract.error.ErrorCode;

/**
 * What one query endpoint accepts — its fields, sort fields and filters — and the one
 * implementation of the query rules of DECISIONS.md (Queries): unknown names are a 400 listing
 * the allowed ones; page is 1-based; pageSize 1..1000 with {@code defaultPageSize} then 20 as
 * defaults; filters are OR within an array and AND across keys, an empty array restricts nothing,
 * a single string counts as a one-element array; enum values are case-insensitive.
 */
public final class QueryDefinition {

    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_PAGE_SIZE = 1000;
    /** A filter array longer than this is refused: no query may become unbounded work. */
    public static final int MAX_FILTER_VALUES = 100;

    /** How a filter's value is read. */
    public enum FilterType {
        /** Strings compared exactly (ids, user names). */
        STRINGS,
        /** Enum literals, compared case-insensitively, upper-cased. */
        ENUMS,
        BOOLEAN,
        /** {@code {"from": date, "to": date}}, either end optional. */
        DATE_RANGE
    }

    private final String objectId;
    private final List<String> fields;
    private final List<String> sortFields;
    private final String defaultSortField;
    private final Map<String, FilterType> filters;
    private final Map<String, Set<String>> enumValues;

    private QueryDefinition(String objectId, List<String> fields, List<String> sortFields, String defaultSortField,
            Map<String, FilterType> filters, Map<String, Set<String>> enumValues) {
        this.objectId = objectId;
        this.fields = List.copyOf(fields);
        this.sortFields = List.copyOf(sortFields);
        this.defaultSortField = defaultSortField;
        this.filters = Map.copyOf(filters);
        this.enumValues = Map.copyOf(enumValues);
    }

    public static Builder builder(String objectId) {
        return new Builder(objectId);
    }

    public String objectId() {
        return objectId;
    }

    public ValidatedQuery validate(QueryRequest request) {
        QueryRequest r = request == null ? new QueryRequest(null, null, null, null, null, null, null, null) : request;
        List<String> selected = r.fields() == null || r.fields().isEmpty() ? fields : known("fields", r.fields(), fields);
        int page = r.page() == null ? 1 : r.page();
        if (page < 1) {
            throw invalid("page", r.page(), "1 or more (pages are 1-based)");
        }
        int pageSize = pageSize(r);
        String sortField = r.sortField() == null || r.sortField().isBlank() ? defaultSortField
                : known("sortField", List.of(r.sortField()), sortFields).get(0);
        boolean descending = descending(r.sortOrder());
        Map<String, Set<String>> strings = new LinkedHashMap<>();
        Map<String, Boolean> booleans = new LinkedHashMap<>();
        Map<String, ValidatedQuery.Range> ranges = new LinkedHashMap<>();
        if (r.filters() != null) {
            known("filters", new ArrayList<>(r.filters().keySet()), filters.keySet().stream().sorted().toList());
            r.filters().forEach((name, value) -> {
                if (value == null || value.isNull()) {
                    return;
                }
                switch (filters.get(name)) {
                    case STRINGS -> putNonEmpty(strings, name, strings(name, value, Function.identity()));
                    case ENUMS -> putNonEmpty(strings, name, allowed(name, strings(name, value, v -> v.toUpperCase(Locale.ROOT))));
                    case BOOLEAN -> booleans.put(name, bool(name, value));
                    case DATE_RANGE -> ranges.put(name, range(name, value));
                }
            });
        }
        return new ValidatedQuery(selected, page, pageSize, sortField, descending, strings, booleans, ranges,
                Boolean.TRUE.equals(r.excludeContent()));
    }

    /**
     * As {@link #validate(QueryRequest)}, with the endpoint's {@code excludeContent} query parameter
     * (raw text: a bad value is a 400 naming it): {@code true} answers only the counts.
     */
    public ValidatedQuery validate(QueryRequest request, String excludeContentParam) {
        ValidatedQuery q = validate(request);
        return Boolean.TRUE.equals(Params.bool("excludeContent", excludeContentParam)) ? q.excludingContent() : q;
    }

    /** The response envelope: only the selected fields of each row, in the definition's order. */
    public QueryResponse respond(ValidatedQuery q, long totalCount, List<Map<String, Object>> rows) {
        List<Map<String, Object>> data = new ArrayList<>(rows.size());
        if (!q.excludeContent()) {
            for (Map<String, Object> row : rows) {
                Map<String, Object> item = new LinkedHashMap<>();
                for (String f : q.fields()) {
                    item.put(f, row.get(f));
                }
                data.add(item);
            }
        }
        return new QueryResponse(q.fields(), totalCount, q.page(), q.pageSize(), objectId, data, List.of(), List.of());
    }

    private static int pageSize(QueryRequest r) {
        Integer size = r.pageSize() != null ? r.pageSize() : r.defaultPageSize();
        String name = r.pageSize() != null ? "pageSize" : "defaultPageSize";
        if (size == null) {
            return DEFAULT_PAGE_SIZE;
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw invalid(name, size, "1 to " + MAX_PAGE_SIZE);
        }
        return size;
    }

    private static boolean descending(String sortOrder) {
        if (sortOrder == null || sortOrder.isBlank()) {
            return false;
        }
        return switch (sortOrder.trim().toUpperCase(Locale.ROOT)) {
            case "ASC" -> false;
            case "DESC" -> true;
            default -> throw invalid("sortOrder", sortOrder, "ASC or DESC");
        };
    }

    private static List<String> known(String what, List<String> names, List<String> allowed) {
        List<String> unknown = names.stream().filter(n -> !allowed.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new ApiException(ErrorCode.UNKNOWN_FIELD, "unknown " + what + " " + unknown, "allowed: " + allowed);
        }
        return List.copyOf(new LinkedHashSet<>(names));
    }

    /** An enum filter declared with its values accepts only those (a typo must not silently match nothing). */
    private Set<String> allowed(String name, Set<String> values) {
        Set<String> allowed = enumValues.get(name);
        if (allowed != null) {
            List<String> unknown = values.stream().filter(v -> !allowed.contains(v)).toList();
            if (!unknown.isEmpty()) {
                throw invalid("filters." + name, unknown, "any of " + allowed.stream().sorted().toList());
            }
        }
        return values;
    }

    private static Set<String> strings(String name, JsonNode value, Function<String, String> normalize) {
        Set<String> values = new LinkedHashSet<>();
        if (value.isTextual()) {
            values.add(normalize.apply(value.asText()));
        } else if (value.isArray()) {
            if (value.size() > MAX_FILTER_VALUES) {
                throw invalid("filters." + name, value.size() + " values", "at most " + MAX_FILTER_VALUES);
            }
            for (JsonNode v : value) {
                if (!v.isTextual()) {
                    throw invalid("filters." + name, v, "strings");
                }
                values.add(normalize.apply(v.asText()));
            }
        } else {
            throw invalid("filters." + name, value, "a string or an array of strings");
        }
        return values;
    }

    private static void putNonEmpty(Map<String, Set<String>> into, String name, Set<String> values) {
        if (!values.isEmpty()) {
            into.put(name, values);
        }
    }

    private static boolean bool(String name, JsonNode value) {
        if (!value.isBoolean()) {
            throw invalid("filters." + name, value, "true or false");
        }
        return value.asBoolean();
    }

    private static ValidatedQuery.Range range(String name, JsonNode value) {
        if (!value.isObject()) {
            throw invalid("filters." + name, value, "{\"from\": date, \"to\": date}");
        }
        List<String> unknown = new ArrayList<>();
        value.fieldNames().forEachRemaining(f -> {
            if (!f.equals("from") && !f.equals("to")) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw new ApiException(ErrorCode.UNKNOWN_FIELD, "unknown filters." + name + " " + unknown, "allowed: [from, to]");
        }
        var from = Dates.parseInstant("filters." + name + ".from", text(value.get("from")), Dates.Boundary.START_OF_DAY);
        var to = Dates.parseInstant("filters." + name + ".to", text(value.get("to")), Dates.Boundary.END_OF_DAY);
        if (from != null && to != null && to.isBefore(from)) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "filters." + name + ".to is before filters." + name + ".from");
        }
        return new ValidatedQuery.Range(from, to);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static ApiException invalid(String name, Object value, String expected) {
        return new ApiException(ErrorCode.INVALID_VALUE, "'" + name + "' cannot be " + value, "expected " + expected);
    }

    /** Declares an endpoint's query vocabulary. */
    public static final class Builder {
        private final String objectId;
        private final List<String> fields = new ArrayList<>();
        private final List<String> sortFields = new ArrayList<>();
        private String defaultSortField;
        private final Map<String, FilterType> filters = new LinkedHashMap<>();
        private final Map<String, Set<String>> enumValues = new LinkedHashMap<>();

        private Builder(String objectId) {
            this.objectId = objectId;
        }

        public Builder fields(String... names) {
            fields.addAll(List.of(names));
            return this;
        }

        /** Sortable fields; the first is the default. */
        public Builder sortFields(String... names) {
            sortFields.addAll(List.of(names));
            if (defaultSortField == null && names.length > 0) {
                defaultSortField = names[0];
            }
            return this;
        }

        public Builder filter(String name, FilterType type) {
            filters.put(name, type);
            return this;
        }

        /** An {@link FilterType#ENUMS} filter that accepts only these values (upper case). */
        public Builder filter(String name, Collection<String> values) {
            filters.put(name, FilterType.ENUMS);
            enumValues.put(name, Set.copyOf(values));
            return this;
        }

        public QueryDefinition build() {
            if (defaultSortField == null) {
                throw new IllegalStateException("a query needs at least one sort field");
            }
            return new QueryDefinition(objectId, fields, sortFields, defaultSortField, filters, enumValues);
        }
    }
}
