package dev.entitlements.common.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.entitlements.contract.InvalidEventException;
import io.vertx.pgclient.PgException;
import java.time.DateTimeException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Tells a record that no retry can ever apply (poison: it goes to {@code <topic>.dlq}) from a
 * failure that may pass (the database away, a connection cut, a timeout, a lock conflict: retried
 * until it passes). Only positively identified poison counts; anything unknown is retried, because
 * a partition that waits loses nothing, while a good record in a dead-letter topic is lost to every
 * projection until someone replays it.
 *
 * <p>A {@code NullPointerException} or {@code ClassCastException} counts as poison: in a consumer it
 * comes from a payload without a field the projection needs (or from a bug that fails the same
 * record the same way every time); no database or broker failure surfaces as one. Such a record
 * is replayed once the producer or the projection is fixed ({@code ./run dlq replay}).
 */
public final class Poison {

    private Poison() {}

    /** Whether {@code failure} or one of its causes says the record itself is wrong. */
    public static boolean isPoison(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof InvalidEventException
                    || t instanceof IllegalArgumentException
                    || t instanceof JsonProcessingException
                    || t instanceof DateTimeException
                    || t instanceof NullPointerException
                    || t instanceof ClassCastException) {
                return true;
            }
            if (t instanceof PgException pg && isDataError(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE class 22 (data exception: a value out of range, bad text encoding, division by zero...),
     * 23502 (a required value missing) and 23514 (a check constraint): the same record fails the same
     * way every time. Other integrity errors (23505 unique) can come from a race and are retried.
     */
    static boolean isDataError(String sqlState) {
        return sqlState != null && (sqlState.startsWith("22") || sqlState.equals("23502") || sqlState.equals("23514"));
    }
}
