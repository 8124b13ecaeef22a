package dev.entitlements.common.time;

import java.time.Instant;

/**
 * The status of anything with a validity window (assignments, entitlements), derived at read
 * time and never stored (docs/decisions.md, Status): REVOKED if revoked; else FUTURE before the
 * effective date; EXPIRED after the expiration date; else VALID. Both ends are inclusive.
 * The Java and the SQL form below are the same rule; LifecycleTests holds them to it.
 */
public final class Lifecycle {

    public enum Status {
        FUTURE,
        VALID,
        EXPIRED,
        REVOKED
    }

    private Lifecycle() {}

    public static Status status(Instant revokedAt, Instant effective, Instant expiration, Instant now) {
        if (revokedAt != null) {
            return Status.REVOKED;
        }
        if (now.isBefore(effective)) {
            return Status.FUTURE;
        }
        if (now.isAfter(expiration)) {
            return Status.EXPIRED;
        }
        return Status.VALID;
    }

    /**
     * The last instant an entitlement can be used: its expiration is 23:59:59 of the expiry day, and
     * it counts to the last millisecond of that second (docs/decisions.md, Status).
     */
    public static Instant usableUntil(Instant entitlementExpiration) {
        return entitlementExpiration.plusMillis(999);
    }

    /** {@link #usableUntil(Instant)} as a SQL expression over an expiration column or expression. */
    public static String usableUntilSql(String entitlementExpiration) {
        return "(" + entitlementExpiration + " + INTERVAL '999 milliseconds')";
    }

    /**
     * The same rule as a SQL expression over columns (or expressions) and a timestamptz parameter
     * for "now", for filtering and sorting in the database.
     */
    public static String sql(String revokedAt, String effective, String expiration, String now) {
        return "(CASE WHEN " + revokedAt + " IS NOT NULL THEN 'REVOKED'"
                + " WHEN " + now + " < " + effective + " THEN 'FUTURE'"
                + " WHEN " + now + " > " + expiration + " THEN 'EXPIRED'"
                + " ELSE 'VALID' END)";
    }
}
