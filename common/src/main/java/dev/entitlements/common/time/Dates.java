package dev.entitlements.common.time;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.contract.error.ErrorCode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Reading dates from requests, the one way (docs/decisions.md, Dates): {@code yyyy-MM-dd HH:mm:ss[.SSS]Z},
 * ISO-8601 with {@code T} and an offset or {@code Z}, or a bare {@code yyyy-MM-dd}, which means the
 * start of the day for a start date and 23:59:59 for an end date. Everything is UTC.
 */
public final class Dates {

    /** Which end of a day a bare date stands for. */
    public enum Boundary {
        START_OF_DAY,
        END_OF_DAY
    }

    /** The last second of a day: an entitlement is usable for the whole of its expiry day. */
    public static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59);

    private static final DateTimeFormatter SPACED = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral(' ')
            .appendPattern("HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .appendOffset("+HH:MM", "Z")
            .toFormatter();

    private Dates() {}

    /**
     * Parses a point in time.
     *
     * @param field the request field, named in the error
     * @throws ApiException {@link ErrorCode#INVALID_VALUE} when the value has none of the accepted forms
     */
    public static Instant parseInstant(String field, String value, Boundary bareDate) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        try {
            if (v.length() == 10) {
                LocalDate date = LocalDate.parse(v);
                LocalTime time = bareDate == Boundary.START_OF_DAY ? LocalTime.MIDNIGHT : END_OF_DAY;
                return date.atTime(time).toInstant(ZoneOffset.UTC);
            }
            if (v.indexOf('T') > 0) {
                return OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
            }
            return OffsetDateTime.parse(v, SPACED).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(field, value);
        }
    }

    /**
     * 23:59:59 UTC of the instant's day: how an entitlement's expiration is stored and rendered
     * (it is usable for the whole of its expiry day, whatever time the licensing system sent).
     */
    public static Instant endOfDay(Instant instant) {
        return instant == null
                ? null
                : LocalDate.ofInstant(instant, ZoneOffset.UTC)
                        .atTime(END_OF_DAY)
                        .toInstant(ZoneOffset.UTC);
    }

    /** Parses a calendar date ({@code yyyy-MM-dd}). */
    public static LocalDate parseDate(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw invalid(field, value);
        }
    }

    private static ApiException invalid(String field, String value) {
        return new ApiException(
                ErrorCode.INVALID_VALUE,
                "'" + field + "' is not a date: " + value,
                "use yyyy-MM-dd, yyyy-MM-dd HH:mm:ssZ or ISO-8601 such as 2024-01-22T15:08:10Z");
    }
}
