package dev.entitlements.common.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * One page of a query envelope read with the reactive PostgreSQL client: the total first, then the
 * rows only when the page can hold any. Ordering is stable: ties are broken by the key column, in
 * the same direction, so an index on (tenant, sort column, key) serves both orders.
 */
public record PgPage(long totalCount, List<Map<String, Object>> items) {

    /** {@code ORDER BY sort, key OFFSET .. LIMIT ..} of the query's page. */
    public static String orderAndLimit(ValidatedQuery q, String sortColumn, String keyColumn) {
        String direction = q.descending() ? "DESC" : "ASC";
        return " ORDER BY " + sortColumn + " " + direction + ", " + keyColumn + " " + direction + " OFFSET " + q.offset()
                + " LIMIT " + q.pageSize();
    }

    /**
     * @param total  the number of all matching rows
     * @param select the page's statement (with {@link #orderAndLimit})
     */
    public static Uni<PgPage> fetch(Pool pool, Uni<Long> total, String select, Tuple params, ValidatedQuery q,
            Function<Row, Map<String, Object>> toItem) {
        return total.chain(count -> q.excludeContent() || count <= q.offset() ? Uni.createFrom().item(new PgPage(count, List.of()))
                : pool.preparedQuery(select).execute(params).map(rows -> new PgPage(count, items(rows, toItem))));
    }

    /** Every row as an item. */
    public static List<Map<String, Object>> items(RowSet<Row> rows, Function<Row, Map<String, Object>> toItem) {
        List<Map<String, Object>> items = new ArrayList<>(rows.size());
        rows.forEach(r -> items.add(toItem.apply(r)));
        return items;
    }

    /** The single number a {@code SELECT count(*)} (or sum) answers. */
    public static Uni<Long> count(Pool pool, String sql, Tuple params) {
        return pool.preparedQuery(sql).execute(params).map(rows -> rows.iterator().next().getLong(0));
    }
}
