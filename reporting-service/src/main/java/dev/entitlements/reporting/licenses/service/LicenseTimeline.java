package dev.entitlements.reporting.licenses.service;

import dev.entitlements.common.time.Lifecycle;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * What the reports know of every tenant's licenses: a time line per tenant, license type, trial
 * flag and {@link Kind}, kept as steps (ADR 0010). A purchased line or an assignment adds its
 * quantity at its start and takes it away just after its last usable instant, or when it was
 * cancelled or revoked. The licenses a tenant holds of a kind at instant t are the sum of the
 * deltas at or before t. A state that replaces another subtracts the old one's steps and adds its
 * own, so the steps are always the sum over the sources' current states, whatever order their
 * events came in.
 */
public final class LicenseTimeline {

    /** What a time line counts. */
    public enum Kind {
        /** Licenses the tenant bought for itself (not a pool), without courtesy licenses. */
        OWN,
        /** Courtesy licenses the licensing system granted the tenant for itself. */
        OWN_COURTESY,
        /** An MSP's bulk pools, without courtesy licenses. */
        POOL,
        /** Courtesy licenses in an MSP's pools. */
        POOL_COURTESY,
        /** Licenses a provider assigned out of its pools, to customers and to itself. */
        ASSIGNED,
        /** The part of {@link #ASSIGNED} a provider assigned to itself. */
        SELF_ASSIGNED,
        /** Licenses a tenant received by assignment (an MSP's self assignments included). */
        RECEIVED
    }

    /** What a tenant holds for its own use: bought for itself (courtesy included) and received by assignment. */
    public static final Set<Kind> HELD =
            java.util.Collections.unmodifiableSet(EnumSet.of(Kind.OWN, Kind.OWN_COURTESY, Kind.RECEIVED));
    /** An MSP's bulk pools, courtesy included. */
    public static final Set<Kind> POOL =
            java.util.Collections.unmodifiableSet(EnumSet.of(Kind.POOL, Kind.POOL_COURTESY));

    /** Why a time line moves at a step. */
    public enum Cause {
        START,
        EXPIRY,
        CANCEL,
        REVOKE
    }

    /** One step of one time line. */
    public record Step(String tenantId, String licenseType, boolean trial, Kind kind, Cause cause, Instant at) {

        /**
         * The record's own hash keeps an instant's seconds in its low bits, and step instants lie whole
         * days apart (86,400 s = 2^7 x 675): a batch's steps of one tenant would share a hash-table
         * bucket. Mixed here so that they spread.
         */
        @Override
        public int hashCode() {
            long h = tenantId.hashCode();
            h = h * 31 + licenseType.hashCode();
            h = h * 31 + (trial ? 1 : 0);
            h = h * 31 + kind.ordinal();
            h = h * 31 + cause.ordinal();
            h = (h + at.getEpochSecond()) * 0x9E3779B97F4A7C15L;
            h = (h + at.getNano()) * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }

    /**
     * The primary-key order of {@code license_step}: batches write their rows in it, so two that
     * touch the same rows lock them in the same order (no deadlock). Written out, not chained
     * comparators: it sorts every step of every batch.
     */
    public static final java.util.Comparator<Step> STEP_ORDER = (a, b) -> {
        int c = a.tenantId().compareTo(b.tenantId());
        if (c == 0) {
            c = a.licenseType().compareTo(b.licenseType());
        }
        if (c == 0) {
            c = Boolean.compare(a.trial(), b.trial());
        }
        if (c == 0) {
            c = Integer.compare(a.kind().ordinal(), b.kind().ordinal());
        }
        if (c == 0) {
            c = Integer.compare(a.cause().ordinal(), b.cause().ordinal());
        }
        return c != 0 ? c : a.at().compareTo(b.at());
    };

    /**
     * A purchased line as last told by {@code entitlement.events}.
     *
     * @param cancelledAt when it was cancelled (it counts until then), or null
     */
    public record EntitlementState(
            String tenantId,
            String externalId,
            String licenseType,
            boolean trial,
            boolean mspPool,
            boolean courtesy,
            int quantity,
            Instant effectiveDate,
            Instant expirationDate,
            Instant cancelledAt,
            Instant eventTime) {

        public EntitlementState {
            // the precision PostgreSQL keeps: a state read back must give the same steps it wrote
            effectiveDate = micros(effectiveDate);
            expirationDate = micros(expirationDate);
            cancelledAt = micros(cancelledAt);
            eventTime = micros(eventTime);
        }
    }

    /** An assignment as last told by {@code assignment.events}; {@code revokedDate} null while it is not revoked. */
    public record AssignmentState(
            long assignmentId,
            String providerTenantId,
            String tenantId,
            String licenseType,
            boolean trial,
            int quantity,
            Instant effectiveDate,
            Instant expirationDate,
            Instant revokedDate,
            Instant eventTime) {

        public AssignmentState {
            effectiveDate = micros(effectiveDate);
            expirationDate = micros(expirationDate);
            revokedDate = micros(revokedDate);
            eventTime = micros(eventTime);
        }
    }

    /** One microsecond, PostgreSQL's resolution: a step "just after" an inclusive end. */
    private static final long AFTER_NANOS = 1_000;

    private LicenseTimeline() {}

    /**
     * How a tenant's devices' use of a license type falls on its paid and trial licenses: on the
     * paid ones first; the trial ones take only what the paid ones cannot hold, and any use beyond
     * everything held stays on the paid side (docs/decisions.md, Reports).
     *
     * @return {paid, trial}
     */
    public static long[] splitUse(long used, long paidHeld, long trialHeld) {
        long trial = Math.min(Math.max(0, used - paidHeld), trialHeld);
        return new long[] {used - trial, trial};
    }

    /** Adds {@code sign} times the state's steps to {@code steps} (+1: it now counts; -1: it no longer does). */
    public static void add(Map<Step, Long> steps, EntitlementState e, int sign) {
        Kind kind = e.mspPool()
                ? (e.courtesy() ? Kind.POOL_COURTESY : Kind.POOL)
                : (e.courtesy() ? Kind.OWN_COURTESY : Kind.OWN);
        Instant after = Lifecycle.usableUntil(e.expirationDate()).plusNanos(AFTER_NANOS);
        if (e.cancelledAt() != null && !e.cancelledAt().isAfter(e.effectiveDate())) {
            return; // cancelled before it started: it never counted
        }
        boolean cut = e.cancelledAt() != null && e.cancelledAt().isBefore(after);
        span(
                steps,
                e.tenantId(),
                e.licenseType(),
                e.trial(),
                kind,
                e.effectiveDate(),
                cut ? e.cancelledAt() : after,
                cut ? Cause.CANCEL : Cause.EXPIRY,
                (long) sign * e.quantity());
    }

    /** Adds {@code sign} times the assignment's steps: the provider's (assigned, self assigned) and the recipient's. */
    public static void add(Map<Step, Long> steps, AssignmentState a, int sign) {
        Instant after = a.expirationDate().plusNanos(AFTER_NANOS); // assignment ends are inclusive
        if (a.revokedDate() != null && !a.revokedDate().isAfter(a.effectiveDate())) {
            return;
        }
        boolean cut = a.revokedDate() != null && a.revokedDate().isBefore(after);
        Instant end = cut ? a.revokedDate() : after;
        Cause cause = cut ? Cause.REVOKE : Cause.EXPIRY;
        long q = (long) sign * a.quantity();
        span(steps, a.providerTenantId(), a.licenseType(), a.trial(), Kind.ASSIGNED, a.effectiveDate(), end, cause, q);
        if (a.providerTenantId().equals(a.tenantId())) {
            span(
                    steps,
                    a.providerTenantId(),
                    a.licenseType(),
                    a.trial(),
                    Kind.SELF_ASSIGNED,
                    a.effectiveDate(),
                    end,
                    cause,
                    q);
        }
        span(steps, a.tenantId(), a.licenseType(), a.trial(), Kind.RECEIVED, a.effectiveDate(), end, cause, q);
    }

    private static void span(
            Map<Step, Long> steps,
            String tenant,
            String licenseType,
            boolean trial,
            Kind kind,
            Instant from,
            Instant end,
            Cause endCause,
            long quantity) {
        steps.merge(new Step(tenant, licenseType, trial, kind, Cause.START, from), quantity, Long::sum);
        steps.merge(new Step(tenant, licenseType, trial, kind, endCause, end), -quantity, Long::sum);
    }

    private static Instant micros(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }
}
