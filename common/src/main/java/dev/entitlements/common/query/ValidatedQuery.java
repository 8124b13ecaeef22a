package dev.entitlements.common.query;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.contract.error.ErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A query checked against its endpoint's definition: every name is known, every value typed.
 *
 * @param sortField  a field of the definition; the database breaks ties by id
 * @param strings    string and enum filters: OR within a list, AND across keys; enums upper-cased
 * @param booleans   boolean filters
 * @param ranges     date-range filters
 */
public record ValidatedQuery(
        List<String> fields,
        int page,
        int pageSize,
        String sortField,
        boolean descending,
        Map<String, Set<String>> strings,
        Map<String, Boolean> booleans,
        Map<String, Range> ranges,
        boolean excludeContent) {

    /** An inclusive time range; either end may be open. */
    public record Range(Instant from, Instant to) {}

    /** The same query answering only the counts ({@code excludeContent}, where an endpoint takes it as a query parameter). */
    public ValidatedQuery excludingContent() {
        return new ValidatedQuery(fields, page, pageSize, sortField, descending, strings, booleans, ranges, true);
    }

    /** The same query without a filter (one that does not apply to this caller). */
    public ValidatedQuery without(String filter) {
        Map<String, Set<String>> s = new java.util.LinkedHashMap<>(strings);
        Map<String, Boolean> b = new java.util.LinkedHashMap<>(booleans);
        Map<String, Range> r = new java.util.LinkedHashMap<>(ranges);
        s.remove(filter);
        b.remove(filter);
        r.remove(filter);
        return new ValidatedQuery(fields, page, pageSize, sortField, descending, s, b, r, excludeContent);
    }

    /** The values of a filter the endpoint requires (spec R17): 400 naming it when it is absent or empty. */
    public Set<String> required(String filter) {
        Set<String> values = strings.get(filter);
        if (values == null || values.isEmpty()) {
            throw new ApiException(ErrorCode.MISSING_VALUE, "'filters." + filter + "' is required");
        }
        return values;
    }

    /** A required filter that takes one value. */
    public String requiredOne(String filter) {
        Set<String> values = required(filter);
        if (values.size() > 1) {
            throw new ApiException(ErrorCode.INVALID_VALUE, "'filters." + filter + "' takes one value, got " + values);
        }
        return values.iterator().next();
    }

    public int offset() {
        return (page - 1) * pageSize;
    }
}
