package dev.entitlements.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.time.Dates.Boundary;
import dev.entitlements.contract.error.ErrorCode;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatesTests {

    @Test
    void theDocumentedRequestFormAndIsoMeanTheSameInstant() {
        Instant expected = Instant.parse("2024-01-22T15:08:10Z");
        assertEquals(expected, Dates.parseInstant("d", "2024-01-22 15:08:10Z", Boundary.START_OF_DAY));
        assertEquals(expected, Dates.parseInstant("d", "2024-01-22T15:08:10Z", Boundary.START_OF_DAY));
        assertEquals(expected, Dates.parseInstant("d", "2024-01-22T17:08:10+02:00", Boundary.START_OF_DAY));
        assertEquals(
                Instant.parse("2024-01-22T15:08:10.776Z"),
                Dates.parseInstant("d", "2024-01-22 15:08:10.776Z", Boundary.START_OF_DAY));
    }

    @Test
    void aBareDateIsTheStartOrTheLastSecondOfItsDay() {
        assertEquals(
                Instant.parse("2024-01-22T00:00:00Z"), Dates.parseInstant("d", "2024-01-22", Boundary.START_OF_DAY));
        assertEquals(Instant.parse("2024-01-22T23:59:59Z"), Dates.parseInstant("d", "2024-01-22", Boundary.END_OF_DAY));
        assertEquals(LocalDate.of(2024, 2, 29), Dates.parseDate("d", "2024-02-29"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"2024-13-01", "2024-02-30", "yesterday", "2024-01-22 15:08", "2024-01-22T15:08:10", "22/01/2024"
            })
    void anythingElseIsA400NamingTheField(String value) {
        ApiException e = assertThrows(
                ApiException.class, () -> Dates.parseInstant("effectiveDate", value, Boundary.START_OF_DAY));
        assertEquals(ErrorCode.INVALID_VALUE, e.code());
        assertEquals(true, e.errors().get(0).reason().startsWith("'effectiveDate'"));
    }

    @Test
    void theEndOfDayIsTheLastSecondOfTheInstantsUtcDay() {
        Instant last = Instant.parse("2024-01-22T23:59:59Z");
        assertEquals(last, Dates.endOfDay(Instant.parse("2024-01-22T00:00:00Z")));
        assertEquals(last, Dates.endOfDay(Instant.parse("2024-01-22T23:59:59.999Z")));
        assertNull(Dates.endOfDay(null));
    }
}
