package dev.entitlements.common.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchColumnsTests {

    record Line(String id, int quantity, long total, boolean trial, LocalDate day, Instant at) {}

    // built per test, not once per class: a rule run only in a static initializer escapes mutation testing
    private final BatchColumns<Line> columns = BatchColumns.<Line>of()
            .text(Line::id)
            .int4(Line::quantity)
            .int8(Line::total)
            .bool(Line::trial)
            .date(Line::day)
            .timestamptz(Line::at);

    @Test
    void eachColumnIsOneTypedArrayInRowOrderAfterTheLeadingParameters() {
        Instant at = Instant.parse("2026-12-07T10:00:00Z");
        Tuple t = columns.tuple(
                List.of(
                        new Line("a", 1, 10L, true, LocalDate.of(2026, 1, 2), at),
                        new Line("b", 2, 20L, false, null, null)),
                "consumer");
        assertEquals(7, t.size());
        assertEquals("consumer", t.getValue(0));
        assertArrayEquals(new String[] {"a", "b"}, (String[]) t.getValue(1));
        assertArrayEquals(new Integer[] {1, 2}, (Integer[]) t.getValue(2));
        assertArrayEquals(new Long[] {10L, 20L}, (Long[]) t.getValue(3));
        assertArrayEquals(new Boolean[] {true, false}, (Boolean[]) t.getValue(4));
        assertArrayEquals(new LocalDate[] {LocalDate.of(2026, 1, 2), null}, (LocalDate[]) t.getValue(5));
        assertArrayEquals(new OffsetDateTime[] {at.atOffset(ZoneOffset.UTC), null}, (OffsetDateTime[]) t.getValue(6));
    }

    @Test
    void anEmptyBatchIsEmptyArrays() {
        Tuple t = columns.tuple(List.of());
        assertEquals(6, t.size());
        assertEquals(0, ((String[]) t.getValue(0)).length);
    }
}
