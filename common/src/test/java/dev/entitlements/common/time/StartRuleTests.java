package dev.entitlements.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.contract.error.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The start-date rule against the browsers that send it: a browser anywhere from UTC−12 to UTC+14
 * asking to start "now" must get a window that starts now, whichever form its UI build sends.
 */
class StartRuleTests {

    private static final DateTimeFormatter WALL_CLOCK_WITH_Z = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'");

    @Test
    void everyBrowserZoneAskingForNowGetsNow() {
        long seed = System.nanoTime();
        System.out.println("StartRuleTests.everyBrowserZoneAskingForNowGetsNow seed=" + seed);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 5_000; i++) {
            Instant now = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextLong(0, 3L * 365 * 86_400));
            ZoneOffset zone = ZoneOffset.ofTotalSeconds(random.nextInt(-12 * 4, 14 * 4 + 1) * 15 * 60);
            LocalDateTime wallClock = LocalDateTime.ofInstant(now, zone);
            String newer = wallClock.format(WALL_CLOCK_WITH_Z); // local time with a literal Z
            String older = wallClock.toLocalDate().toString(); // the browser's local "today"
            String what = "seed=" + seed + " now=" + now + " zone=" + zone;
            assertEquals(
                    now.truncatedTo(ChronoUnit.MILLIS),
                    StartRule.start("effectiveDate", newer, now),
                    what + " sent " + newer);
            assertEquals(
                    now.truncatedTo(ChronoUnit.MILLIS),
                    StartRule.start("effectiveDate", older, now),
                    what + " sent " + older);
        }
    }

    @Test
    void aStartBeyondTheSlackIsKeptOrRefused() {
        Instant now = Instant.parse("2026-12-06T21:00:00Z");
        // later than 14 hours ahead: a real future start, kept
        assertEquals(
                Instant.parse("2026-12-07T11:00:01Z"), StartRule.start("effectiveDate", "2026-12-07T11:00:01Z", now));
        assertEquals(Instant.parse("2026-12-08T00:00:00Z"), StartRule.start("effectiveDate", "2026-12-08", now));
        // within the slack: now
        assertEquals(now, StartRule.start("effectiveDate", "2026-12-07 11:00:00Z", now));
        assertEquals(now, StartRule.start("effectiveDate", "2026-12-06 07:00:00Z", now));
        // at 09:00 UTC it is still the 5th in UTC−12: that bare date is 33 hours ago and means now
        Instant morning = Instant.parse("2026-12-06T09:00:00Z");
        assertEquals(morning, StartRule.start("effectiveDate", "2026-12-05", morning));
        assertEquals(ErrorCode.START_IN_PAST, refused("2026-12-05", now)); // at 21:00 UTC it is the 5th nowhere
        // earlier than the slack: 422
        assertEquals(ErrorCode.START_IN_PAST, refused("2026-12-06 06:59:59Z", now));
        assertEquals(ErrorCode.START_IN_PAST, refused("2026-12-04", now));
        assertEquals(ErrorCode.INVALID_VALUE, refused("yesterday", now));
    }

    @Test
    void aReplacementStartsAtTheOldStartWhileItIsAhead() {
        Instant now = Instant.parse("2026-12-06T21:00:00Z");
        assertEquals(now.plus(Duration.ofDays(3)), StartRule.resume(now.plus(Duration.ofDays(3)), now));
        assertEquals(now, StartRule.resume(now.minus(Duration.ofDays(3)), now));
    }

    private static ErrorCode refused(String value, Instant now) {
        return assertThrows(ApiException.class, () -> StartRule.start("effectiveDate", value, now))
                .code();
    }
}
