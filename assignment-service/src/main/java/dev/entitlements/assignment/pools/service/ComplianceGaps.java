package dev.entitlements.assignment.pools.service;

import dev.entitlements.assignment.pools.repository.PoolRepository;
import dev.entitlements.assignment.pools.repository.PoolRepository.Bucket;
import dev.entitlements.common.capacity.CapacityRule;
import dev.entitlements.common.capacity.CapacityRule.Span;
import dev.entitlements.common.outbox.Outbox;
import dev.entitlements.common.outbox.OutboxMessage;
import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.events.AttentionRaised;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Tells an MSP when its live assignments exceed its pools: a purchase cancelled or reduced after
 * licenses were assigned. Nothing is revoked (the MSP decides what to give up); a
 * {@code COMPLIANCE_GAP} attention note is raised while the gap is open, updated when it changes,
 * and closed (its end set) when the assignments fit again.
 */
@ApplicationScoped
public class ComplianceGaps {

    private static final String SOURCE = "/assignment-service";
    /** Later than any assignment ends; PostgreSQL's timestamptz takes it. */
    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T23:59:59Z");

    private final PoolRepository pools;
    private final Outbox outbox;

    public ComplianceGaps(PoolRepository pools, Outbox outbox) {
        this.pools = pools;
        this.outbox = outbox;
    }

    /**
     * Recomputes the bucket's gap from now on; when it differs from the one last told, records it
     * and puts the note on the outbox of {@code tx}. The caller holds the bucket's lock.
     */
    public Uni<Void> recheck(
            SqlConnection tx, String provider, String licenseType, boolean trial, Bucket told, Instant at) {
        // what the column keeps (PostgreSQL: microseconds), so that a note's start reads the same when it is closed
        Instant now = at.truncatedTo(ChronoUnit.MILLIS);
        return pools.capacity(tx, provider, licenseType, trial, now, END_OF_TIME, false)
                .map(c -> gap(c.pooled(), c.assigned(), now))
                .chain(gap -> {
                    if (gap == told.complianceGap()) {
                        return Uni.createFrom().voidItem();
                    }
                    Instant since = gap == 0 ? null : told.gapSince() != null ? told.gapSince() : now;
                    AttentionRaised note = note(
                            provider,
                            licenseType,
                            trial,
                            gap,
                            told.gapSince() != null ? told.gapSince() : now,
                            gap == 0 ? now : null);
                    return pools.recordGap(tx, provider, licenseType, trial, gap.intValue(), since)
                            .chain(() -> outbox.add(
                                    tx,
                                    List.of(OutboxMessage.of(
                                            EventType.ATTENTION_RAISED,
                                            CloudEvent.of(EventType.ATTENTION_RAISED, SOURCE, provider, note)))));
                });
    }

    /**
     * After licenses went back to the bucket (a revoke, or the revoke of an update): an open gap may
     * have shrunk or closed. {@code told} is the bucket as locked, null when it has none.
     */
    public Uni<Void> afterReturn(
            SqlConnection tx, String provider, String licenseType, boolean trial, Bucket told, Instant at) {
        return told == null || told.complianceGap() == 0
                ? Uni.createFrom().voidItem()
                : recheck(tx, provider, licenseType, trial, told, at);
    }

    /** The most licenses assigned beyond the pools at any instant from now on. */
    static long gap(List<Span> pooled, List<Span> assigned, Instant now) {
        return Math.min(Integer.MAX_VALUE, CapacityRule.shortfall(pooled, assigned, now, END_OF_TIME));
    }

    private static AttentionRaised note(
            String provider, String licenseType, boolean trial, long gap, Instant start, Instant end) {
        String what = licenseType + (trial ? " trial" : "");
        // one note per bucket: raising it again updates it
        String id = "COMPLIANCE_GAP:" + licenseType + (trial ? ":TRIAL" : "");
        if (gap == 0) {
            return new AttentionRaised(
                    id,
                    provider,
                    "COMPLIANCE_GAP",
                    "MSP",
                    licenseType,
                    "The " + what + " assignments fit the pools again",
                    "Assignments or pools changed; no license is assigned beyond the pools any more.",
                    start,
                    end);
        }
        return new AttentionRaised(
                id,
                provider,
                "COMPLIANCE_GAP",
                "MSP",
                licenseType,
                gap + " " + what + " licenses are assigned beyond the pools",
                "A purchase was cancelled or reduced after its licenses were assigned. No assignment was revoked: revoke or reduce"
                        + " assignments, or buy " + gap + " more " + what + " licenses.",
                start,
                end);
    }
}
