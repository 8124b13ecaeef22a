package dev.entitlements.common.time;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.contract.error.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * When a new assignment window starts (docs/decisions.md, Assignments), the one rule for create, update
 * and the availability calculator. The vendor's web UI sends the browser's local wall-clock time
 * with a literal {@code Z} (newer builds) or the browser's local "today" as a bare date (older
 * builds), so the instant it sends is off by the browser's UTC offset: up to 14 hours either way.
 * A start that close to now is now — valid at once, never "in the past" west of UTC and never
 * FUTURE for hours east of it. A bare date may also be up to a whole day plus that offset behind
 * (38 hours) and still mean today. Anything earlier is refused with 422.
 */
public final class StartRule {

    /** The widest time-zone offset (UTC+14 / UTC−12): how far a browser's wall clock is from UTC. */
    public static final Duration WALL_CLOCK_SLACK = Duration.ofHours(14);
    /** A bare date is "today" somewhere for a whole day plus the widest offset. */
    public static final Duration BARE_DATE_SLACK = Duration.ofHours(24).plus(WALL_CLOCK_SLACK);

    private StartRule() {}

    /**
     * The start of a new window asked for as {@code value}.
     *
     * @param field the request field, named in errors
     * @return {@code now} when the value is within the slack of now, else the instant asked for
     *         (a later start), to the millisecond
     * @throws ApiException 400 when the value is not a date, 422 ({@code START_IN_PAST}) when it is earlier than the slack allows
     */
    public static Instant start(String field, String value, Instant now) {
        Instant asked = Dates.parseInstant(field, value, Dates.Boundary.START_OF_DAY);
        boolean bareDate = value.trim().length() == 10;
        Instant earliest = now.minus(bareDate ? BARE_DATE_SLACK : WALL_CLOCK_SLACK);
        if (asked.isBefore(earliest)) {
            throw new ApiException(
                    ErrorCode.START_IN_PAST,
                    "'" + field + "' " + value.trim() + " is in the past",
                    "start today or later (a start up to " + (bareDate ? BARE_DATE_SLACK : WALL_CLOCK_SLACK).toHours()
                            + " hours ago counts as now)");
        }
        return (asked.isAfter(now.plus(WALL_CLOCK_SLACK)) ? asked : now).truncatedTo(ChronoUnit.MILLIS);
    }

    /** The start of a replacement window (update): the old start while it is still ahead, else now. */
    public static Instant resume(Instant oldStart, Instant now) {
        return oldStart.isAfter(now) ? oldStart : now;
    }
}
