package dev.entitlements.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The development login's codes over time: a minute to redeem one, and none kept after it. */
class DevLoginCodeTests {

    private static final DevClients.Client ADMIN =
            new DevClients.Client("admin@ec-1", "pa55", "ec-1", "MSP_EC", List.of("ADMIN"));
    private static final String CONSOLE = "http://127.0.0.1:8080/console/";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final DevLogin login = new DevLogin(DevClients.of(List.of(ADMIN)), clock);

    @Test
    void codesNobodyRedeemsAreDroppedOnceExpired() {
        for (int i = 0; i < 1000; i++) {
            issue();
        }
        assertEquals(1000, login.held());
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        issue();
        assertEquals(1, login.held(), "only the new code is held");
    }

    @Test
    void aCodeOfTheLastMinuteIsKeptAndRedeemed() {
        String code = issue();
        clock.advance(Duration.ofSeconds(59));
        issue();
        assertEquals(2, login.held());
        assertEquals("admin@ec-1", login.redeem(redemption(code)).user().clientId());
        assertEquals(1, login.held());
    }

    @Test
    void anExpiredCodeIsRefusedAndGone() {
        String code = issue();
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        DevLogin.Redemption late = login.redeem(redemption(code));
        assertNull(late.user());
        assertEquals("invalid_grant", late.error());
        assertEquals(0, login.held());
    }

    private String issue() {
        return login.issue(ADMIN, CONSOLE, DevLogin.challenge(VERIFIER));
    }

    private static Map<String, String> redemption(String code) {
        return Map.of(
                "code", code,
                "code_verifier", VERIFIER,
                "redirect_uri", CONSOLE,
                "client_id", DevLogin.CLIENT);
    }

    /** Time that moves only when a test says so, to step past a code's minute without waiting it out. */
    private static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
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
            throw new UnsupportedOperationException("DevLogin reads instants only");
        }
    }
}
