package dev.entitlements.common.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.time.Dates;
import dev.entitlements.common.tolerance.Tolerance;
import dev.entitlements.contract.error.ErrorCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What one query endpoint accepts — its fields, sort fields and filters — and the one
 * implementation of the query rules of docs/decisions.md (Queries): names the endpoint does not know
 * (a {@code fields} entry, a filter key, a sort field it cannot sort on) are ignored through
 * {@link Tolerance} (a 400 listing the allowed ones under {@code Prefer: handling=strict}); page
 * is 1-based, below 1 → 1; pageSize below 1 → {@code defaultPageSize} then 20, above 10,000 →
 * 10,000; filters are OR within an array and AND across keys, an empty array restricts nothing, a
 * single string counts as a one-element array, a comma inside an enum value separates values
 * (the UI's {@code "VALID,FUTURE"}); enum values are case-insensitive.
 */
public final class QueryDefinition {

    public static final int DEFAULT_PAGE_SIZE = 20;
    /** The UI asks for 10,000 customer rows in one page; more is clamped to this. */
    public static final int MAX_PAGE_SIZE = 10_000;
    /** A filter array longer than this is refused: no query may become unbounded work. */
    public static final int MAX_FILTER_VALUES = 100;

    /** How a filter's value is read. */
    public enum FilterType {
        /** Not a filter (the default of {@link QueryField#filter()}). */
        NONE,
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
    private final boolean defaultDescending;
    private final Map<String, FilterType> filters;
    private final Map<String, Set<String>> enumValues;

    private QueryDefinition(
            String objectId,
            List<String> fields,
            List<String> sortFields,
            String defaultSortField,
            boolean defaultDescending,
            Map<String, FilterType> filters,
            Map<String, Set<String>> enumValues) {
        this.objectId = objectId;
        this.fields = List.copyOf(fields);
        this.sortFields = List.copyOf(sortFields);
        this.defaultSortField = defaultSortField;
        this.defaultDescending = defaultDescending;
        this.filters = Map.copyOf(filters);
        this.enumValues = Map.copyOf(enumValues);
    }

    public static Builder builder(String objectId) {
        return new Builder(objectId);
    }

    public String objectId() {
        return objectId;
    }

    /** The fields a query may sort by, the default first. */
    public List<String> sortFields() {
        return sortFields;
    }

    public ValidatedQuery validate(QueryRequest request) {
        QueryRequest r = request == null ? new QueryRequest(null, null, null, null, null, null, null, null) : request;
        List<String> selected = selected(r.fields());
        int page = page(r.page());
        int pageSize = pageSize(r);
        String sortField = sortField(r.sortField());
        boolean descending =
                r.sortField() == null && r.sortOrder() == null ? defaultDescending : descending(r.sortOrder());
        Map<String, Set<String>> strings = new LinkedHashMap<>();
        Map<String, Boolean> booleans = new LinkedHashMap<>();
        Map<String, ValidatedQuery.Range> ranges = new LinkedHashMap<>();
        if (r.filters() != null) {
            r.filters().forEach((name, value) -> {
                FilterType type = filters.get(name);
                if (type == null) {
                    Tolerance.ignore(Tolerance.Kind.FILTER, name, filters.keySet());
                    return;
                }
                if (value == null || value.isNull()) {
                    return;
                }
                switch (type) {
                    case STRINGS -> putNonEmpty(strings, name, strings(name, value, Function.identity()));
                    case ENUMS -> putNonEmpty(strings, name, allowed(name, enums(name, value)));
                    case BOOLEAN -> booleans.put(name, bool(name, value));
                    case DATE_RANGE -> ranges.put(name, range(name, value));
                }
            });
        }
        return new ValidatedQuery(
                selected,
                page,
                pageSize,
                sortField,
                descending,
                strings,
                booleans,
                ranges,
                Boolean.TRUE.equals(r.excludeContent()));
    }

    /** The requested fields the endpoint has, in the order asked; all of them when none is asked or known. */
    private List<String> selected(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return fields;
        }
        Set<String> known = new LinkedHashSet<>();
        for (String name : requested) {
            if (fields.contains(name)) {
                known.add(name);
            } else {
                Tolerance.ignore(Tolerance.Kind.FIELDS, String.valueOf(name), fields);
            }
        }
        return known.isEmpty() ? fields : List.copyOf(known);
    }

    private String sortField(String requested) {
        if (requested == null || requested.isBlank()) {
            return defaultSortField;
        }
        if (!sortFields.contains(requested)) {
            Tolerance.ignore(Tolerance.Kind.SORT_FIELD, requested, sortFields);
            return defaultSortField;
        }
        return requested;
    }

    private static int page(Integer requested) {
        if (requested == null) {
            return 1;
        }
        if (requested < 1) {
            Tolerance.replace("page", requested, "1 or more (pages are 1-based)");
            return 1;
        }
        return requested;
    }

    /**
     * As {@link #validate(QueryRequest)}, with the endpoint's {@code excludeContent} query parameter
     * (raw text: a bad value is a 400 naming it): {@code true} answers only the counts.
     */
    public ValidatedQuery validate(QueryRequest request, String excludeContentParam) {
        ValidatedQuery q = validate(request);
        return Boolean.TRUE.equals(Params.bool("excludeContent", excludeContentParam)) ? q.excludingContent() : q;
    }

    /**
     * The response envelope: every row as the endpoint's item record, whatever {@code fields} asked
     * for (docs/decisions.md, Queries: the UI reads fields it did not list); {@code fields} is echoed.
     *
     * @param item builds the endpoint's item record from a row of its repository
     */
    public <R, T> QueryResponse<T> respond(ValidatedQuery q, long totalCount, List<R> rows, Function<R, T> item) {
        List<T> data = q.excludeContent() ? List.of() : rows.stream().map(item).toList();
        return new QueryResponse<>(
                q.fields(), totalCount, q.page(), q.pageSize(), objectId, data, List.of(), List.of());
    }

    /** {@link #respond(ValidatedQuery, long, List, Function)} of a page read as the endpoint's item records. */
    public <T> QueryResponse<T> respond(ValidatedQuery q, PgPage<T> page) {
        return respond(q, page.totalCount(), page.items(), Function.identity());
    }

    /** pageSize, else a usable defaultPageSize, else 20; at most {@link #MAX_PAGE_SIZE}. */
    private static int pageSize(QueryRequest r) {
        Integer size = r.pageSize();
        if (size == null || size < 1) {
            if (size != null) {
                Tolerance.replace("pageSize", size, "1 to " + MAX_PAGE_SIZE);
            }
            size = r.defaultPageSize() != null && r.defaultPageSize() >= 1 ? r.defaultPageSize() : DEFAULT_PAGE_SIZE;
        }
        if (size > MAX_PAGE_SIZE) {
            Tolerance.replace(
                    r.pageSize() != null && r.pageSize() >= 1 ? "pageSize" : "defaultPageSize",
                    size,
                    "1 to " + MAX_PAGE_SIZE);
            return MAX_PAGE_SIZE;
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
            default -> {
                // the vendor's documented example sends "sortOrder": "string"; the spec's default is ascending
                Tolerance.replace("sortOrder", sortOrder, "ASC or DESC");
                yield false;
            }
        };
    }

    /** An enum filter declared with its values accepts only those (a typo must not silently match nothing). */
    private Set<String> allowed(String name, Set<String> values) {
        Set<String> allowed = enumValues.get(name);
        if (allowed != null) {
            List<String> unknown =
                    values.stream().filter(v -> !allowed.contains(v)).toList();
            if (!unknown.isEmpty()) {
                throw invalid(
                        "filters." + name,
                        unknown,
                        "any of " + allowed.stream().sorted().toList());
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

    /** Enum values upper-cased; {@code "VALID,FUTURE"} is two values (the UI offers that as one option). */
    private static Set<String> enums(String name, JsonNode value) {
        Set<String> values = new LinkedHashSet<>();
        for (String v : strings(name, value, Function.identity())) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.strip().toUpperCase(Locale.ROOT));
                }
            }
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
        value.fieldNames().forEachRemaining(f -> {
            if (!f.equals("from") && !f.equals("to")) {
                Tolerance.ignore(Tolerance.Kind.FILTER, name + "." + f, List.of("from", "to"));
            }
        });
        var from =
                Dates.parseInstant("filters." + name + ".from", text(value.get("from")), Dates.Boundary.START_OF_DAY);
        var to = Dates.parseInstant("filters." + name + ".to", text(value.get("to")), Dates.Boundary.END_OF_DAY);
        if (from != null && to != null && to.isBefore(from)) {
            throw new ApiException(
                    ErrorCode.UNPROCESSABLE, "filters." + name + ".to is before filters." + name + ".from");
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
        private boolean defaultDescending;
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

        /** The default sort (the first sort field, when no sortField is sent) runs descending. */
        public Builder descendingByDefault() {
            defaultDescending = true;
            return this;
        }

        public Builder filter(String name, FilterType type) {
            if (type == FilterType.NONE) {
                throw new IllegalArgumentException("filter " + name + " needs a type");
            }
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
            return new QueryDefinition(
                    objectId, fields, sortFields, defaultSortField, defaultDescending, filters, enumValues);
        }
    }
}
