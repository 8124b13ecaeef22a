package dev.entitlements.common.query;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Reading column values of native query rows, whichever Java type the driver chose, and the one
 * conversion of an instant into a parameter of the reactive client.
 */
public final class SqlValues {

    private SqlValues() {}

    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        throw new IllegalArgumentException(
                "not a timestamp: " + value.getClass().getName());
    }

    /** An instant as a {@code timestamptz} parameter of the reactive client (which does not encode {@link Instant}). */
    public static OffsetDateTime timestamptz(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static long number(Object value) {
        return ((Number) value).longValue();
    }
}
