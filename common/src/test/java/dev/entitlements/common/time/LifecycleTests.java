package dev.entitlements.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.entitlements.common.time.Lifecycle.Status;

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
}
