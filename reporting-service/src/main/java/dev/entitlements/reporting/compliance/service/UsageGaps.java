package dev.entitlements.reporting.compliance.service;

import dev.entitlements.common.outbox.OutboxMessage;
import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.events.AttentionRaised;
import dev.entitlements.reporting.compliance.repository.UsageGapRepository;
import dev.entitlements.reporting.compliance.repository.UsageGapRepository.Key;
import dev.entitlements.reporting.compliance.repository.UsageGapRepository.Told;
import dev.entitlements.reporting.licenses.repository.LicenseTimelineRepository;
import dev.entitlements.reporting.licenses.service.LicenseTimeline;
import dev.entitlements.reporting.usage.repository.DeviceUsageRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Over-use (docs/decisions.md, Reports): when a tenant's devices use more licenses of a type than it
 * holds, a {@code COMPLIANCE_GAP} attention note is raised, updated while the gap changes, and
 * closed (its end set) once the use fits again. Checked in the batch's own transaction for the
 * tenants whose device usage the batch reported, so a note and the figures it is about commit
 * together; a gap opened by an expiry or a revocation alone shows with the tenant's next snapshot.
 */
@ApplicationScoped
public class UsageGaps {

    private static final String SOURCE = "/reporting-service";

    private final LicenseTimelineRepository timeline;
    private final DeviceUsageRepository usage;
    private final UsageGapRepository gaps;

    public UsageGaps(LicenseTimelineRepository timeline, DeviceUsageRepository usage, UsageGapRepository gaps) {
        this.timeline = timeline;
        this.usage = usage;
        this.gaps = gaps;
    }

    /** The notes to publish for the tenants' gaps that changed; the gaps told are kept in {@code usage_gap}. */
    public Uni<List<OutboxMessage>> recheck(SqlConnection tx, Collection<String> tenants, Instant at) {
        if (tenants.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Instant now = at.truncatedTo(ChronoUnit.MICROS);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Uni<Map<List<String>, Long>> held = timeline.heldNow(tx, tenants, LicenseTimeline.HELD, now);
        Uni<List<DeviceUsageRepository.Devices>> used = usage.latest(tx, tenants, today);
        Uni<Map<Key, Told>> told = gaps.told(tx, tenants);
        return Uni.combine().all().unis(held, used, told).asTuple().chain(t -> {
            Map<Key, long[]> figures = new TreeMap<>(KEY_ORDER); // held, used; in key order: rows locked in one order
            t.getItem1()
                    .forEach((k, quantity) ->
                            figures.computeIfAbsent(new Key(k.get(0), k.get(1)), x -> new long[2])[0] += quantity);
            for (DeviceUsageRepository.Devices d : t.getItem2()) {
                figures.computeIfAbsent(new Key(d.tenantId(), d.licenseType()), k -> new long[2])[1] +=
                        d.usedQuantity();
            }
            t.getItem3().keySet().forEach(k -> figures.computeIfAbsent(k, x -> new long[2]));
            List<OutboxMessage> notes = new ArrayList<>();
            Map<Key, Told> open = new TreeMap<>(KEY_ORDER);
            List<Key> closed = new ArrayList<>();
            for (Map.Entry<Key, long[]> f : figures.entrySet()) {
                long gap = Math.max(0, f.getValue()[1] - f.getValue()[0]);
                Told before = t.getItem3().get(f.getKey());
                long was = before == null ? 0 : before.gap();
                if (gap == was) {
                    continue;
                }
                String tenant = f.getKey().tenantId();
                String type = f.getKey().licenseType();
                Instant since = before == null ? now : before.since();
                notes.add(note(tenant, type, gap, since, gap == 0 ? now : null));
                if (gap == 0) {
                    closed.add(f.getKey());
                } else {
                    open.put(f.getKey(), new Told(gap, since));
                }
            }
            return gaps.record(tx, open, closed).replaceWith(notes);
        });
    }

    private static final java.util.Comparator<Key> KEY_ORDER =
            java.util.Comparator.comparing(Key::tenantId).thenComparing(Key::licenseType);

    private static OutboxMessage note(String tenant, String licenseType, long gap, Instant start, Instant end) {
        // one note per tenant and license type (assignment-service's pool notes have ids of their own)
        String id = "COMPLIANCE_GAP:USAGE:" + licenseType;
        AttentionRaised note = gap == 0
                ? new AttentionRaised(
                        id,
                        tenant,
                        "COMPLIANCE_GAP",
                        "ALL",
                        licenseType,
                        "The " + licenseType + " licenses in use fit those held again",
                        "The devices' use is within the licenses held.",
                        start,
                        end)
                : new AttentionRaised(
                        id,
                        tenant,
                        "COMPLIANCE_GAP",
                        "ALL",
                        licenseType,
                        gap + " " + licenseType + " licenses are in use beyond those held",
                        "The devices reported use more " + licenseType + " licenses than the tenant holds. Buy or get "
                                + gap + " more, or take devices out of service.",
                        start,
                        end);
        return OutboxMessage.of(
                EventType.ATTENTION_RAISED, CloudEvent.of(EventType.ATTENTION_RAISED, SOURCE, tenant, note));
    }
}
