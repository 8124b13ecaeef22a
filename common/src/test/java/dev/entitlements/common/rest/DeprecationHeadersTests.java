package dev.entitlements.common.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeprecationHeadersTests {

    @Test
    void theSunsetIsTheConfiguredDayAsAnHttpDate() {
        assertEquals(
                Optional.of("Fri, 31 Dec 2027 00:00:00 GMT"),
                DeprecationHeaders.sunset("2027-12-31", LocalDate.of(2026, 5, 1)));
        assertEquals(
                Optional.of("Fri, 31 Dec 2027 00:00:00 GMT"),
                DeprecationHeaders.sunset(DeprecationHeaders.DEFAULT_SUNSET, LocalDate.of(2027, 12, 30)));
    }

    @Test
    void aSunsetThatHasComeIsNeverSent() {
        // docs/decisions.md: never a date in the past (the vendor's 2026-08-31 is why the date is ours)
        assertFalse(DeprecationHeaders.sunset("2026-08-31", LocalDate.of(2026, 9, 1))
                .isPresent());
        assertFalse(DeprecationHeaders.sunset("2027-12-31", LocalDate.of(2027, 12, 31))
                .isPresent());
    }

    @Test
    void aMalformedDayFailsLoudly() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> DeprecationHeaders.sunset("31.12.2027", LocalDate.of(2026, 1, 1)));
        assertTrue(e.getMessage().contains(DeprecationHeaders.SUNSET_PROPERTY), e.getMessage());
    }

    @Test
    void withoutConfigurationTheDefaultDayIsUsed() {
        // common's tests configure nothing: the default applies while it is ahead
        LocalDate day = LocalDate.parse(DeprecationHeaders.DEFAULT_SUNSET);
        if (LocalDate.now(java.time.ZoneOffset.UTC).isBefore(day)) {
            assertEquals(
                    DeprecationHeaders.sunset(
                            DeprecationHeaders.DEFAULT_SUNSET, LocalDate.now(java.time.ZoneOffset.UTC)),
                    DeprecationHeaders.sunset());
        } else {
            assertFalse(DeprecationHeaders.sunset().isPresent());
        }
    }
}
