package dev.entitlements.common.query;

import io.vertx.mutiny.sqlclient.Tuple;
import java.lang.reflect.Array;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * A batch of rows as the parameters of one multi-row statement: each column one typed array, read
 * back with {@code unnest($1::text[], $2::int[], ...)}. A batch is one statement, not one execution
 * per row; the element types are the ones the reactive client encodes as those SQL arrays. Declare
 * the columns once, in the order of the statement's placeholders.
 *
 * @param <R> what one row is made from
 */
public final class BatchColumns<R> {

    private record Column<R>(Class<?> type, Function<R, ?> value) {}

    private final List<Column<R>> columns;

    private BatchColumns(List<Column<R>> columns) {
        this.columns = List.copyOf(columns);
    }

    public static <R> BatchColumns<R> of() {
        return new BatchColumns<>(List.of());
    }

    /** {@code text[]} (also for {@code jsonb}, cast in the statement). */
    public BatchColumns<R> text(Function<R, String> value) {
        return with(String.class, value);
    }

    /** {@code bool[]}. */
    public BatchColumns<R> bool(Function<R, Boolean> value) {
        return with(Boolean.class, value);
    }

    /** {@code int[]}. */
    public BatchColumns<R> int4(Function<R, Integer> value) {
        return with(Integer.class, value);
    }

    /** {@code bigint[]}. */
    public BatchColumns<R> int8(Function<R, Long> value) {
        return with(Long.class, value);
    }

    /** {@code date[]}. */
    public BatchColumns<R> date(Function<R, LocalDate> value) {
        return with(LocalDate.class, value);
    }

    /** {@code timestamptz[]}; a null instant stays null. */
    public BatchColumns<R> timestamptz(Function<R, Instant> value) {
        return with(OffsetDateTime.class, r -> SqlValues.timestamptz(value.apply(r)));
    }

    private BatchColumns<R> with(Class<?> type, Function<R, ?> value) {
        List<Column<R>> more = new ArrayList<>(columns);
        more.add(new Column<>(type, value));
        return new BatchColumns<>(more);
    }

    /**
     * The parameters: {@code leading} first (as {@code $1..}), then one array per column, the rows
     * in the collection's order (sort them first where concurrent batches lock the same rows).
     */
    public Tuple tuple(Collection<? extends R> rows, Object... leading) {
        Object[] params = new Object[leading.length + columns.size()];
        System.arraycopy(leading, 0, params, 0, leading.length);
        for (int c = 0; c < columns.size(); c++) {
            params[leading.length + c] = Array.newInstance(columns.get(c).type(), rows.size());
        }
        int i = 0;
        for (R row : rows) {
            for (int c = 0; c < columns.size(); c++) {
                Array.set(params[leading.length + c], i, columns.get(c).value().apply(row));
            }
            i++;
        }
        return Tuple.from(params);
    }
}
