package dev.entitlements.reporting.licenses.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.common.time.Lifecycle;
import dev.entitlements.infra.test.Seeds;
import dev.entitlements.reporting.licenses.repository.LicenseTimelineRepository.EntitlementKey;
import dev.entitlements.reporting.licenses.service.LicenseProjection.Applicable;
import dev.entitlements.reporting.licenses.service.LicenseTimeline.AssignmentState;
import dev.entitlements.reporting.licenses.service.LicenseTimeline.EntitlementState;
import dev.entitlements.reporting.licenses.service.LicenseTimeline.Kind;
import dev.entitlements.reporting.licenses.service.LicenseTimeline.Step;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The time lines against a brute-force reference. Random histories of purchased lines and
 * assignments (changes, cancellations, revocations), delivered in a random order with duplicates
 * and cut into random batches, are applied as the projection applies them; then
 * <ul>
 * <li>each source's state is its newest version, whatever the delivery order;
 * <li>the summed deltas are exactly the steps of those newest states;
 * <li>at any instant, the sum of the deltas up to it is, per tenant, license type, trial flag and
 * kind, the quantity of the sources that count at that instant by the definition (from the start to
 * the last usable instant, until a cancellation or revocation).
 * </ul>
 */
class LicenseTimelineProperties {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final String[] TENANTS = {"msp", "ec"};
    private static final String[] TYPES = {"APSW", "URLF"};

    /** One version of a source, as an event delivers it. */
    private record Version(Applicable event, Instant eventTime) {}

    static LongStream seeds() {
        return Seeds.of(0x5EED_71AEL, 300);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds")
    void deliveredInAnyOrderAndBatchedAnyHowTheTimeLinesMatchTheDefinition(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<List<Version>> sources = new ArrayList<>();
        int n = 1 + r.nextInt(6);
        for (int s = 0; s < n; s++) {
            sources.add(r.nextBoolean() ? lineHistory(r, "line-" + s) : assignmentHistory(r, s));
        }
        List<Applicable> delivery = new ArrayList<>();
        sources.forEach(h -> h.forEach(v -> delivery.add(v.event())));
        for (int d = r.nextInt(3); d > 0; d--) { // redeliveries
            delivery.add(delivery.get(r.nextInt(delivery.size())));
        }
        shuffle(delivery, r);

        Map<EntitlementKey, EntitlementState> lines = new HashMap<>();
        Map<Long, AssignmentState> assignments = new HashMap<>();
        Map<Step, Long> table = new HashMap<>();
        for (int i = 0; i < delivery.size(); ) {
            int size = 1 + r.nextInt(4);
            LicenseProjection.Changes c = LicenseProjection.applyInMemory(
                    delivery.subList(i, Math.min(delivery.size(), i + size)), lines, assignments);
            c.deltas().forEach((step, delta) -> table.merge(step, delta, Long::sum));
            table.values().removeIf(v -> v == 0);
            i += size;
        }

        Map<Step, Long> expected = new HashMap<>();
        List<Applicable> newest = new ArrayList<>();
        for (List<Version> history : sources) {
            Applicable last = history.get(history.size() - 1).event(); // versions are in event-time order
            newest.add(last);
            if (last.entitlement() != null) {
                assertEquals(
                        last.entitlement(),
                        lines.get(new EntitlementKey(
                                last.entitlement().tenantId(),
                                last.entitlement().externalId())),
                        "seed=" + seed);
                LicenseTimeline.add(expected, last.entitlement(), +1);
            } else {
                assertEquals(
                        last.assignment(), assignments.get(last.assignment().assignmentId()), "seed=" + seed);
                LicenseTimeline.add(expected, last.assignment(), +1);
            }
        }
        expected.values().removeIf(v -> v == 0);
        assertEquals(expected, table, "seed=" + seed);

        List<Instant> probes = new ArrayList<>();
        for (Applicable a : newest) {
            for (Instant t : boundaries(a)) {
                probes.add(t.minusNanos(1_000));
                probes.add(t);
                probes.add(t.plusNanos(1_000));
            }
        }
        for (int p = 0; p < 20; p++) {
            probes.add(T0.plus(r.nextInt(1_000 * 24) - 200 * 24, ChronoUnit.HOURS));
        }
        for (Instant t : probes) {
            assertEquals(bruteForce(newest, t), held(table, t), "seed=" + seed + " at " + t);
        }
    }

    /** Fisher-Yates: Collections.shuffle wants a java.util.Random. */
    private static <T> void shuffle(List<T> list, SplittableRandom r) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, r.nextInt(i + 1));
        }
    }

    /** Per tenant / license type / trial / kind, the sum of the deltas at or before {@code t}. */
    private static Map<String, Long> held(Map<Step, Long> table, Instant t) {
        Map<String, Long> held = new HashMap<>();
        table.forEach((s, d) -> {
            if (!s.at().isAfter(t)) {
                held.merge(s.tenantId() + "/" + s.licenseType() + "/" + s.trial() + "/" + s.kind(), d, Long::sum);
            }
        });
        held.values().removeIf(v -> v == 0);
        return held;
    }

    /** The definition: which sources count at {@code t}, and where. */
    private static Map<String, Long> bruteForce(List<Applicable> sources, Instant t) {
        Map<String, Long> held = new HashMap<>();
        for (Applicable a : sources) {
            if (a.entitlement() != null) {
                EntitlementState e = a.entitlement();
                boolean counts = !t.isBefore(e.effectiveDate())
                        && !t.isAfter(Lifecycle.usableUntil(e.expirationDate()))
                        && (e.cancelledAt() == null || t.isBefore(e.cancelledAt()));
                Kind kind = e.mspPool()
                        ? (e.courtesy() ? Kind.POOL_COURTESY : Kind.POOL)
                        : (e.courtesy() ? Kind.OWN_COURTESY : Kind.OWN);
                if (counts) {
                    held.merge(
                            e.tenantId() + "/" + e.licenseType() + "/" + e.trial() + "/" + kind,
                            (long) e.quantity(),
                            Long::sum);
                }
            } else {
                AssignmentState s = a.assignment();
                boolean counts = !t.isBefore(s.effectiveDate())
                        && !t.isAfter(s.expirationDate())
                        && (s.revokedDate() == null || t.isBefore(s.revokedDate()));
                if (counts) {
                    String bucket = "/" + s.licenseType() + "/" + s.trial() + "/";
                    held.merge(s.providerTenantId() + bucket + Kind.ASSIGNED, (long) s.quantity(), Long::sum);
                    if (s.providerTenantId().equals(s.tenantId())) {
                        held.merge(s.providerTenantId() + bucket + Kind.SELF_ASSIGNED, (long) s.quantity(), Long::sum);
                    }
                    held.merge(s.tenantId() + bucket + Kind.RECEIVED, (long) s.quantity(), Long::sum);
                }
            }
        }
        held.values().removeIf(v -> v == 0);
        return held;
    }

    private static List<Instant> boundaries(Applicable a) {
        List<Instant> b = new ArrayList<>();
        if (a.entitlement() != null) {
            b.add(a.entitlement().effectiveDate());
            b.add(Lifecycle.usableUntil(a.entitlement().expirationDate()));
            if (a.entitlement().cancelledAt() != null) {
                b.add(a.entitlement().cancelledAt());
            }
        } else {
            b.add(a.assignment().effectiveDate());
            b.add(a.assignment().expirationDate());
            if (a.assignment().revokedDate() != null) {
                b.add(a.assignment().revokedDate());
            }
        }
        return b;
    }

    /** 1 to 4 versions of one purchased line, in event-time order; the last may cancel it. */
    private static List<Version> lineHistory(SplittableRandom r, String id) {
        String tenant = TENANTS[r.nextInt(2)];
        String type = TYPES[r.nextInt(2)];
        boolean trial = r.nextBoolean();
        boolean pool = r.nextBoolean();
        boolean courtesy = r.nextInt(4) == 0;
        List<Version> versions = new ArrayList<>();
        Instant at = T0.plus(r.nextInt(100), ChronoUnit.MINUTES);
        for (int v = 1 + r.nextInt(4); v > 0; v--) {
            at = at.plus(1 + r.nextInt(100_000), ChronoUnit.SECONDS);
            Instant from = T0.plus(r.nextInt(200) - 100, ChronoUnit.DAYS);
            Instant to = from.plus(1 + r.nextInt(400), ChronoUnit.DAYS)
                    .minusSeconds(1); // 23:59:59, as the licensing system sends
            Instant cancelled = v == 1 && r.nextInt(3) == 0 ? at : null;
            EntitlementState s = new EntitlementState(
                    tenant, id, type, trial, pool, courtesy, 1 + r.nextInt(50), from, to, cancelled, at);
            versions.add(new Version(new Applicable(s, null), at));
        }
        return versions;
    }

    /** An assignment as created, perhaps then revoked. */
    private static List<Version> assignmentHistory(SplittableRandom r, long id) {
        String provider = TENANTS[0];
        String tenant = TENANTS[r.nextInt(2)];
        String type = TYPES[r.nextInt(2)];
        boolean trial = r.nextBoolean();
        int quantity = 1 + r.nextInt(20);
        Instant created = T0.plus(r.nextInt(100_000), ChronoUnit.SECONDS).plusNanos(r.nextInt(1_000_000) * 1_000L);
        Instant from = created.truncatedTo(ChronoUnit.DAYS).plus(r.nextInt(30), ChronoUnit.DAYS);
        Instant to = from.plus(1 + r.nextInt(300), ChronoUnit.DAYS).minusSeconds(1);
        List<Version> versions = new ArrayList<>();
        versions.add(new Version(
                new Applicable(
                        null,
                        new AssignmentState(id, provider, tenant, type, trial, quantity, from, to, null, created)),
                created));
        if (r.nextBoolean()) {
            Instant revoked = created.plus(1 + r.nextInt(400 * 24), ChronoUnit.HOURS);
            versions.add(new Version(
                    new Applicable(
                            null,
                            new AssignmentState(
                                    id, provider, tenant, type, trial, quantity, from, to, revoked, revoked)),
                    revoked));
        }
        return versions;
    }
}
