package dev.entitlements.common.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entitlements.common.query.QueryDefinition.FilterType;
import dev.entitlements.common.query.QueryField.Sort;
import io.vertx.mutiny.sqlclient.Row;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fields of one query endpoint, read once from the {@link QueryField} components of its item
 * record, and everything built from them: the endpoint's {@link QueryDefinition}, the SELECT list,
 * the ORDER BY column, the WHERE clause of the filters, and the reading of a row into the record.
 * A repository supplies only the source the columns come from (a table, or a sub-select that
 * derives a column such as {@code status}) and the tenant's scope.
 *
 * @param <T> the item record
 */
public final class QueryFields<T extends Record> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Field(String name, String column, Function<Object, Object> reader) {}

    private record Filter(String column, FilterType type) {}

    private final QueryDefinition definition;
    private final List<Field> fields;
    private final Map<String, String> sortColumns;
    private final Map<String, Filter> filters;
    private final String select;
    private final Constructor<T> constructor;

    private QueryFields(
            QueryDefinition definition,
            List<Field> fields,
            Map<String, String> sortColumns,
            Map<String, Filter> filters,
            Constructor<T> constructor) {
        this.definition = definition;
        this.fields = List.copyOf(fields);
        this.sortColumns = Map.copyOf(sortColumns);
        // in the record's order, so a statement's text is the same in every process
        this.filters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(filters));
        this.select = fields.stream().map(Field::column).collect(Collectors.joining(", "));
        this.constructor = constructor;
    }

    /**
     * Reads the fields of {@code type}, every component of which must carry {@link QueryField}.
     *
     * @param objectId what the response envelope names the items ({@code objectId})
     * @throws IllegalArgumentException when a component is not declared, has a type no column reads
     *         into, or no (or more than one) field is the default sort
     */
    public static <T extends Record> QueryFields<T> of(String objectId, Class<T> type) {
        List<Field> fields = new ArrayList<>();
        Map<String, String> sortColumns = new LinkedHashMap<>();
        Map<String, Filter> filters = new LinkedHashMap<>();
        QueryDefinition.Builder definition = QueryDefinition.builder(objectId);
        String defaultSort = null;
        for (RecordComponent c : type.getRecordComponents()) {
            QueryField f = c.getAnnotation(QueryField.class);
            if (f == null) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + c.getName() + " has no @QueryField");
            }
            String name = name(c);
            fields.add(new Field(name, f.column(), reader(type, c)));
            definition.fields(name);
            if (f.sort() != Sort.NONE) {
                sortColumns.put(name, f.column());
            }
            if (f.sort() == Sort.DEFAULT || f.sort() == Sort.DEFAULT_DESCENDING) {
                if (defaultSort != null) {
                    throw new IllegalArgumentException(
                            type.getSimpleName() + ": both " + defaultSort + " and " + name + " are the default sort");
                }
                defaultSort = name;
                if (f.sort() == Sort.DEFAULT_DESCENDING) {
                    definition.descendingByDefault();
                }
            }
            if (f.filter() != FilterType.NONE) {
                String filter = f.filterName().isEmpty() ? name : f.filterName();
                filters.put(filter, new Filter(f.column(), f.filter()));
                if (f.values().accepted() != null) {
                    definition.filter(filter, f.values().accepted());
                } else {
                    definition.filter(filter, f.filter());
                }
            }
        }
        if (defaultSort == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no field with sort = DEFAULT");
        }
        // the default first: QueryDefinition takes the first sort field as the default
        definition.sortFields(defaultSort);
        for (String sortable : sortColumns.keySet()) {
            if (!sortable.equals(defaultSort)) {
                definition.sortFields(sortable);
            }
        }
        try {
            Constructor<T> constructor = type.getDeclaredConstructor(java.util.Arrays.stream(type.getRecordComponents())
                    .map(RecordComponent::getType)
                    .toArray(Class<?>[]::new));
            return new QueryFields<>(definition.build(), fields, sortColumns, filters, constructor);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getName() + " has no canonical constructor", e);
        }
    }

    /** What the endpoint accepts: validates requests and builds the response envelope. */
    public QueryDefinition definition() {
        return definition;
    }

    /** The columns of every field, in the record's order: what {@link #read} expects from column 1 on. */
    public String select() {
        return select;
    }

    /** The column the query sorts by. */
    public String sortColumn(ValidatedQuery q) {
        return sortColumns.get(q.sortField());
    }

    /** Adds a condition for every filter the query sets. */
    public SqlWhere filter(SqlWhere where, ValidatedQuery q) {
        filters.forEach((name, f) -> {
            switch (f.type()) {
                case STRINGS, ENUMS -> where.in(f.column(), q.strings().get(name));
                case BOOLEAN -> {
                    if (q.booleans().containsKey(name)) {
                        where.eq(f.column(), q.booleans().get(name));
                    }
                }
                case DATE_RANGE -> where.range(f.column(), q.ranges().get(name));
                case NONE -> throw new IllegalStateException("not a filter: " + name);
            }
        });
        return where;
    }

    /** The columns the query's filters restrict: whether a summary table kept by those columns can answer its total. */
    public Set<String> filteredColumns(ValidatedQuery q) {
        return filters.entrySet().stream()
                .filter(e -> q.strings().containsKey(e.getKey())
                        || q.booleans().containsKey(e.getKey())
                        || q.ranges().containsKey(e.getKey()))
                .map(e -> e.getValue().column())
                .collect(Collectors.toSet());
    }

    /** The record from a row whose columns 1.. are {@link #select()}'s (column 0 holds a page's total). */
    public T read(Row row) {
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = fields.get(i).reader().apply(row.getValue(i + 1));
        }
        try {
            return constructor.newInstance(values);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(
                    "cannot build " + constructor.getDeclaringClass().getSimpleName() + " from a row", e);
        }
    }

    private static boolean isListOfStrings(RecordComponent c) {
        return c.getGenericType() instanceof ParameterizedType p
                && p.getActualTypeArguments().length == 1
                && p.getActualTypeArguments()[0] == String.class;
    }

    /** A {@code text[]} column (the driver reads it as {@code String[]}) as an unmodifiable list. */
    private static Object strings(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof String[] array) {
            return java.util.Collections.unmodifiableList(java.util.Arrays.asList(array));
        }
        throw new IllegalArgumentException("not a text[]: " + v.getClass().getName());
    }

    /** A {@code jsonb} column (the driver reads it as a Vert.x JSON value) as a Jackson tree, written as it is stored. */
    private static Object json(Object v) {
        if (v == null) {
            return null;
        }
        try {
            return JSON.readTree(io.vertx.core.json.Json.encode(v));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + v.getClass().getName(), e);
        }
    }

    private static String name(RecordComponent c) {
        // @JsonProperty does not target record components: Java hands it to the accessor
        JsonProperty json = c.getAccessor().getAnnotation(JsonProperty.class);
        return json != null && !json.value().isEmpty() ? json.value() : c.getName();
    }

    /**
     * How a column value becomes the component's type; instants to the millisecond, as the contract
     * shows them; a {@code List<String>} from a {@code text[]}, a {@code JsonNode} from a {@code jsonb}.
     */
    private static Function<Object, Object> reader(Class<?> record, RecordComponent c) {
        Class<?> t = c.getType();
        if (t == String.class) {
            return v -> (String) v;
        }
        if (t == int.class || t == Integer.class) {
            return v -> v == null ? null : ((Number) v).intValue();
        }
        if (t == long.class || t == Long.class) {
            return v -> v == null ? null : ((Number) v).longValue();
        }
        if (t == boolean.class || t == Boolean.class) {
            return v -> (Boolean) v;
        }
        if (t == Instant.class) {
            return v -> v == null ? null : SqlValues.instant(v).truncatedTo(ChronoUnit.MILLIS);
        }
        if (t == LocalDate.class) {
            return v -> (LocalDate) v;
        }
        if (t == List.class && isListOfStrings(c)) {
            return QueryFields::strings;
        }
        if (t == JsonNode.class) {
            return QueryFields::json;
        }
        throw new IllegalArgumentException(
                record.getSimpleName() + "." + c.getName() + ": no column reads into " + t.getName());
    }
}
