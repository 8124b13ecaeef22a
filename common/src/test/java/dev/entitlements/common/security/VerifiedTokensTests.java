package dev.entitlements.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The verified-token cache's rules: a token is trusted until its expiry or maxAge, whichever comes first. */
class VerifiedTokensTests {

    private static final Duration MAX_AGE = Duration.ofSeconds(60);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private final VerifiedTokens<String> tokens = new VerifiedTokens<>(MAX_AGE, 3, clock);

    @Test
    void aTokenIsTrustedUntilItExpires() {
        tokens.remember("a.b.c", "alice", clock.instant().plusSeconds(10));

        clock.move(Duration.ofSeconds(9));
        assertEquals(Optional.of("alice"), tokens.find("a.b.c"));
        clock.move(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), tokens.find("a.b.c"));
    }

    @Test
    void aLongLivedTokenIsVerifiedAgainAfterMaxAge() {
        tokens.remember("a.b.c", "alice", clock.instant().plus(Duration.ofHours(1)));

        clock.move(MAX_AGE.minusMillis(1));
        assertEquals(Optional.of("alice"), tokens.find("a.b.c"));
        clock.move(Duration.ofMillis(1));
        assertEquals(Optional.empty(), tokens.find("a.b.c"));
    }

    @Test
    void anotherTokenIsAnotherKeyEvenOneByteApart() {
        tokens.remember("a.b.c", "alice", clock.instant().plusSeconds(10));

        assertEquals(Optional.empty(), tokens.find("a.b.d"));
        assertEquals(Optional.empty(), tokens.find("a.b."));
    }

    @Test
    void anExpiredTokenIsNotRemembered() {
        tokens.remember("a.b.c", "alice", clock.instant());

        assertEquals(Optional.empty(), tokens.find("a.b.c"));
        assertEquals(0, tokens.size());
    }

    @Test
    void aFullCacheTakesNothingNewUntilEntriesExpire() {
        tokens.remember("t1", "1", clock.instant().plusSeconds(5));
        tokens.remember("t2", "2", clock.instant().plusSeconds(30));
        tokens.remember("t3", "3", clock.instant().plusSeconds(30));

        tokens.remember("t4", "4", clock.instant().plusSeconds(30));
        assertEquals(Optional.empty(), tokens.find("t4"));
        assertEquals(3, tokens.size());

        clock.move(Duration.ofSeconds(5)); // t1 is out: its place is free again
        tokens.remember("t4", "4", clock.instant().plusSeconds(30));
        assertEquals(Optional.of("4"), tokens.find("t4"));
        assertEquals(Optional.empty(), tokens.find("t1"));
        assertEquals(3, tokens.size());
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
