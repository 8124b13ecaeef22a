package dev.entitlements.common.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The page statement's text and how a result becomes a page. That the statement pages correctly on
 * PostgreSQL is entitlement-service's EntitlementPagingProperties; here the rows are stand-ins, so
 * the rules run without a database.
 */
class PgPageTests {

    private static final QueryDefinition DEFINITION = QueryDefinition.builder("thing")
            .fields("id", "name")
            .sortFields("name")
            .build();

    @Test
    void thePageIsOrderedBySortColumnThenKeyInTheAskedDirectionFromItsOffset() {
        ValidatedQuery third = DEFINITION.validate(new QueryRequest(null, 3, 10, null, "name", "DESC", null, null));
        assertEquals(
                "WITH c AS (SELECT 1), total AS (SELECT count(*) AS n FROM t) SELECT total.n, page.* FROM total"
                        + " LEFT JOIN LATERAL (SELECT t.id, t.name FROM t WHERE t.tenant = $1 AND total.n > 20"
                        + " ORDER BY t.name DESC, t.id DESC OFFSET 20 LIMIT 10) page ON TRUE",
                statement(third));
        ValidatedQuery first = DEFINITION.validate(new QueryRequest(null, 1, 5, null, "name", "ASC", null, null));
        assertEquals(
                "WITH c AS (SELECT 1), total AS (SELECT count(*) AS n FROM t) SELECT total.n, page.* FROM total"
                        + " LEFT JOIN LATERAL (SELECT t.id, t.name FROM t WHERE t.tenant = $1 AND total.n > 0"
                        + " ORDER BY t.name ASC, t.id ASC OFFSET 0 LIMIT 5) page ON TRUE",
                statement(first));
    }

    @Test
    void askingForTheCountsOnlyGatesThePageScanOffEntirely() {
        ValidatedQuery counts = DEFINITION.validate(new QueryRequest(null, 2, 5, null, null, null, null, true));
        assertEquals(
                "WITH c AS (SELECT 1), total AS (SELECT count(*) AS n FROM t) SELECT total.n, page.* FROM total"
                        + " LEFT JOIN LATERAL (SELECT t.id, t.name FROM t WHERE t.tenant = $1 AND FALSE"
                        + " ORDER BY t.name ASC, t.id ASC OFFSET 5 LIMIT 5) page ON TRUE",
                statement(counts));
    }

    @Test
    void aQueryWithoutAClauseOfItsOwnStartsWithTheTotal() {
        ValidatedQuery first = DEFINITION.validate(new QueryRequest(null, 1, 5, null, "name", "ASC", null, null));
        assertEquals(
                "WITH total AS (SELECT count(*) AS n FROM t) SELECT total.n, page.* FROM total"
                        + " LEFT JOIN LATERAL (SELECT t.id, t.name FROM t WHERE t.tenant = $1 AND total.n > 0"
                        + " ORDER BY t.name ASC, t.id ASC OFFSET 0 LIMIT 5) page ON TRUE",
                PgPage.statement(
                        "SELECT count(*) AS n FROM t",
                        "t.id, t.name",
                        "FROM t WHERE t.tenant = $1",
                        first,
                        "t.name",
                        "t.id"));
    }

    @Test
    void eachRowCarriesTheTotalAndOneItem() {
        PgPage page = PgPage.fetch(pool(row(7L, "a"), row(7L, "b")), "SELECT", Tuple.of("t1"), PgPageTests::item)
                .await()
                .indefinitely();
        assertEquals(new PgPage(7, List.of(Map.of("id", "a"), Map.of("id", "b"))), page);
    }

    @Test
    void aPageBeyondTheTotalIsTheTotalWithNoItems() {
        PgPage page = PgPage.fetch(pool(row(7L, null)), "SELECT", Tuple.of("t1"), PgPageTests::item)
                .await()
                .indefinitely();
        assertEquals(new PgPage(7, List.of()), page);
    }

    @Test
    void itemsTurnsEveryRowIntoAnItem() {
        RowSet<io.vertx.mutiny.sqlclient.Row> rows = RowSet.newInstance(
                rowSet(row(1L, "a"), row(2L, "b")),
                io.smallrye.mutiny.vertx.TypeArg.of(io.vertx.mutiny.sqlclient.Row.class));
        assertEquals(List.of(Map.of("id", 1L), Map.of("id", 2L)), PgPage.items(rows, r -> Map.of("id", r.getValue(0))));
    }

    private static String statement(ValidatedQuery q) {
        return PgPage.statement(
                "WITH c AS (SELECT 1)",
                "SELECT count(*) AS n FROM t",
                "t.id, t.name",
                "FROM t WHERE t.tenant = $1",
                q,
                "t.name",
                "t.id");
    }

    private static Map<String, Object> item(io.vertx.mutiny.sqlclient.Row r) {
        return Map.of("id", r.getValue(1));
    }

    /** A row answering its values by position, the only way PgPage reads one. */
    static Row row(Object... values) {
        List<Object> columns = Arrays.asList(values);
        return proxy(Row.class, (method, args) -> switch (method) {
            case "getValue" -> columns.get((Integer) args[0]);
            case "getLong" -> (Long) columns.get((Integer) args[0]);
            case "size" -> columns.size();
            default -> throw new UnsupportedOperationException(method);
        });
    }

    @SuppressWarnings("unchecked")
    private static io.vertx.sqlclient.RowSet<Row> rowSet(Row... rows) {
        List<Row> list = List.of(rows);
        return proxy(io.vertx.sqlclient.RowSet.class, (method, args) -> switch (method) {
            case "iterator" -> iterator(list.iterator());
            case "size", "rowCount" -> list.size();
            default -> throw new UnsupportedOperationException(method);
        });
    }

    @SuppressWarnings("unchecked")
    private static RowIterator<Row> iterator(Iterator<Row> rows) {
        return proxy(RowIterator.class, (method, args) -> switch (method) {
            case "hasNext" -> rows.hasNext();
            case "next" -> rows.next();
            default -> throw new UnsupportedOperationException(method);
        });
    }

    /** A pool whose every prepared statement answers these rows. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Pool pool(Row... rows) {
        io.vertx.sqlclient.RowSet<Row> result = rowSet(rows);
        PreparedQuery<io.vertx.sqlclient.RowSet<Row>> query = proxy(PreparedQuery.class, (method, args) -> {
            if (!method.equals("execute")) {
                throw new UnsupportedOperationException(method);
            }
            if (args.length == 2 && args[1] instanceof Handler handler) {
                handler.handle(Future.succeededFuture(result));
                return null;
            }
            return Future.succeededFuture(result);
        });
        return Pool.newInstance(proxy(io.vertx.sqlclient.Pool.class, (method, args) -> {
            if (!method.equals("preparedQuery")) {
                throw new UnsupportedOperationException(method);
            }
            return query;
        }));
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<?> type, Answer answer) {
        return (T) Proxy.newProxyInstance(
                PgPageTests.class.getClassLoader(),
                new Class<?>[] {type},
                (self, method, args) -> answer.answer(method.getName(), args == null ? new Object[0] : args));
    }
}
