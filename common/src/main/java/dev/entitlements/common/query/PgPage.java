package dev.entitlements.common.query;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a query envelope read with the reactive PostgreSQL client, in one statement: the
 * total of all matching rows and the page's rows come back together (one round trip, one
 * statement to plan), and the page is not read at all when it lies beyond the total or only the
 * counts are asked for. Ordering is stable: ties are broken by the key column, in the same
 * direction, so an index on (tenant, sort column, key) serves both orders.
 */
public record PgPage<T>(long totalCount, List<T> items) {

    /**
     * The statement: {@code <with>, total AS (<totalSql>) SELECT total.n, page.* FROM total LEFT JOIN
     * LATERAL (SELECT <columns> <fromWhere> AND <gate> ORDER BY .. LIMIT ..) page ON TRUE}. Each row
     * has the total in column 0 and the item's columns from 1; a page with no rows is one row with
     * the total and nulls.
     *
     * @param with      a {@code WITH ...} clause the other parts refer to ({@link SqlWhere#clock})
     * @param totalSql  a statement answering one number, named {@code n}
     * @param fromWhere {@code FROM ... WHERE ...} of the page's rows
     */
    public static String statement(
            String with,
            String totalSql,
            String columns,
            String fromWhere,
            ValidatedQuery q,
            String sortColumn,
            String keyColumn) {
        String direction = q.descending() ? "DESC" : "ASC";
        // a constant gate: PostgreSQL skips the whole page scan when it is false
        String gate = q.excludeContent() ? "FALSE" : "total.n > " + q.offset();
        // a bare WITH (the overload without a clause of its own) takes the total as its first entry
        String start = with.strip().equals("WITH") ? "WITH" : with + ",";
        return start + " total AS (" + totalSql + ") SELECT total.n, page.* FROM total LEFT JOIN LATERAL (SELECT "
                + columns + " "
                + fromWhere + " AND " + gate + " ORDER BY " + sortColumn + " " + direction + ", " + keyColumn + " "
                + direction
                + " OFFSET " + q.offset() + " LIMIT " + q.pageSize() + ") page ON TRUE";
    }

    /** {@link #statement} for a query that needs no {@code WITH} clause of its own (no clock): it starts at {@code WITH total AS}. */
    public static String statement(
            String totalSql, String columns, String fromWhere, ValidatedQuery q, String sortColumn, String keyColumn) {
        return statement("WITH", totalSql, columns, fromWhere, q, sortColumn, keyColumn);
    }

    /**
     * Runs a {@link #statement}.
     *
     * @param toItem reads an item from columns 1.. of a row
     */
    public static <T> Uni<PgPage<T>> fetch(Pool pool, String statement, Tuple params, Function<Row, T> toItem) {
        return pool.preparedQuery(statement).execute(params).map(rows -> {
            long total = 0;
            List<T> items = new ArrayList<>(rows.size());
            for (Row r : rows) {
                total = r.getLong(0);
                if (r.getValue(1) != null) {
                    items.add(toItem.apply(r));
                }
            }
            return new PgPage<>(total, items);
        });
    }

    /** Every row as an item. */
    public static <T> List<T> items(RowSet<Row> rows, Function<Row, T> toItem) {
        List<T> items = new ArrayList<>(rows.size());
        rows.forEach(r -> items.add(toItem.apply(r)));
        return items;
    }
}
