package dev.entitlements.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.common.time.Lifecycle.Status;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LifecycleTests {

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant END = Instant.parse("2024-01-31T23:59:59Z");

    @Test
    void bothEndsOfTheWindowAreInsideIt() {
        assertEquals(Status.VALID, Lifecycle.status(null, START, END, START));
        assertEquals(Status.VALID, Lifecycle.status(null, START, END, END));
        assertEquals(Status.FUTURE, Lifecycle.status(null, START, END, START.minusMillis(1)));
        assertEquals(Status.EXPIRED, Lifecycle.status(null, START, END, END.plusMillis(1)));
    }

    @Test
    void revokedWinsOverEveryDate() {
        assertEquals(Status.REVOKED, Lifecycle.status(START, START, END, START.minusSeconds(5)));
        assertEquals(Status.REVOKED, Lifecycle.status(START, START, END, END.plusSeconds(5)));
    }

    @Test
    void anEntitlementIsUsableToTheLastMillisecondOfItsExpirySecond() {
        assertEquals(END.plusMillis(999), Lifecycle.usableUntil(END));
        assertEquals(
                "(e.expiration_date + INTERVAL '999 milliseconds')", Lifecycle.usableUntilSql("e.expiration_date"));
    }

    /** The database sorts and filters by this expression: the same order of checks and the same strict comparisons as status(). */
    @Test
    void theSqlStatusChecksRevokedThenNotStartedThenEndedWithStrictComparisons() {
        assertEquals(
                "(CASE WHEN r IS NOT NULL THEN 'REVOKED' WHEN $1 < f THEN 'FUTURE' WHEN $1 > x THEN 'EXPIRED' ELSE 'VALID' END)",
                Lifecycle.sql("r", "f", "x", "$1"));
    }
}
