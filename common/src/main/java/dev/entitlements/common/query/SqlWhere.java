package dev.entitlements.common.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Builds a parameterised WHERE clause from validated filters, so no request value is ever spliced
 * into SQL text: placeholders {@code $1, $2, ...} of the reactive PostgreSQL client, bound with
 * {@link #tuple()} (docs/adr/0014-persistence.md: all SQL goes through that client).
 */
public final class SqlWhere {

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> params = new ArrayList<>();

    /** Adds a parameter and returns its placeholder. */
    public String param(Object value) {
        params.add(value);
        return "$" + params.size();
    }

    /** The parameters for the reactive client: instants as UTC offset date-times, which it encodes as timestamptz. */
    public io.vertx.mutiny.sqlclient.Tuple tuple() {
        List<Object> values = new ArrayList<>(params.size());
        for (Object p : params) {
            values.add(p instanceof java.time.Instant i ? SqlValues.timestamptz(i) : p);
        }
        return io.vertx.mutiny.sqlclient.Tuple.from(values);
    }

    /**
     * {@code WITH clock AS (...)}: "now" bound once, as {@code clock.now}, for statements that derive
     * a status (join {@code CROSS JOIN clock}); call it before adding conditions.
     */
    public String clock(java.time.Instant now) {
        return "WITH clock AS (SELECT CAST(" + param(now) + " AS TIMESTAMPTZ) AS now) ";
    }

    /** {@code expression = value}. */
    public SqlWhere eq(String expression, Object value) {
        conditions.add(expression + " = " + param(value));
        return this;
    }

    /** {@code expression IN (values)}; no restriction when values is null or empty. */
    public SqlWhere in(String expression, Collection<?> values) {
        if (values != null && !values.isEmpty()) {
            List<String> placeholders = values.stream().map(this::param).toList();
            conditions.add(expression + " IN (" + String.join(", ", placeholders) + ")");
        }
        return this;
    }

    /** {@code expression BETWEEN from AND to}, either end open. */
    public SqlWhere range(String expression, ValidatedQuery.Range range) {
        if (range != null && range.from() != null) {
            conditions.add(expression + " >= " + param(range.from()));
        }
        if (range != null && range.to() != null) {
            conditions.add(expression + " <= " + param(range.to()));
        }
        return this;
    }

    public String sql() {
        return conditions.isEmpty() ? "TRUE" : String.join(" AND ", conditions);
    }

    public List<Object> params() {
        return params;
    }
}
