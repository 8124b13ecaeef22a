package dev.entitlements.sync.purchase.service;

import dev.entitlements.common.audit.Audit;
import dev.entitlements.common.outbox.Outbox;
import dev.entitlements.common.outbox.OutboxMessage;
import dev.entitlements.common.security.Caller;
import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.AttentionRaised;
import dev.entitlements.contract.events.AuditRecorded;
import dev.entitlements.contract.events.EntitlementChanged;
import dev.entitlements.sync.purchase.repository.PurchaseRepository;
import dev.entitlements.sync.purchase.service.PurchaseDiff.Change;
import dev.entitlements.sync.purchase.service.PurchaseDiff.Known;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one pipeline every ingestion path ends in: under a per-tenant lock, compare the validated
 * lines with the last known state, store what changed and put its events (and any dead letters
 * and notices) in the outbox — all in one transaction.
 */
@ApplicationScoped
@Startup // its meters exist from the start, not from the first request
public class PurchaseIngestion {

    public static final String SOURCE = "/sync-service";

    /** What a batch changed. */
    public record Counts(int received, int purchased, int changed, int cancelled, int unchanged, int rejected) {}

    /** A record that was not applied, and why. */
    public record Rejected(String tenantId, String key, String value, String reasons) {}

    private final Pool pool;
    private final PurchaseRepository repository;
    private final Outbox outbox;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Audit audit;

    /** Purchase records received, by path (topic, webhook, pull) and outcome (Prometheus: {@code sync_purchases_received_total}). */
    public static final String RECEIVED = "sync.purchases.received";

    public PurchaseIngestion(
            Pool pool, PurchaseRepository repository, Outbox outbox, Clock clock, MeterRegistry metrics, Audit audit) {
        this.pool = pool;
        this.repository = repository;
        this.outbox = outbox;
        this.clock = clock;
        this.metrics = metrics;
        this.audit = audit;
        // every path's series from the start (a dashboard lists them, increase() sees the first)
        for (String path : List.of("topic", "webhook", "pull")) {
            for (String outcome : List.of("accepted", "rejected")) {
                metrics.counter(RECEIVED, "path", path, "outcome", outcome);
            }
        }
    }

    /**
     * Applies the lines of an incremental update (a topic batch or a webhook call). Rejected
     * records go to the dead-letter topic with their reason and raise a SYNC_FAILED notice.
     */
    public Uni<Counts> apply(List<PurchaseValidator.Line> lines, List<Rejected> rejected, String path) {
        return write(lines, rejected, null, Set.of(), path, null);
    }

    /**
     * The webhook's import: applies the lines like {@link #apply} and records, in the same
     * transaction, one audit entry per tenant the call carried lines of (its account, the order
     * lines, what they changed), by the calling service account.
     *
     * @param importedBy the calling service account (its {@code tenantId} is the token's own tenant)
     */
    public Uni<Counts> importLines(List<PurchaseValidator.Line> lines, Caller importedBy) {
        return write(lines, List.of(), null, Set.of(), "webhook", importedBy);
    }

    /**
     * Applies a tenant's complete purchase list: known lines missing from it are cancelled, except
     * those named by a rejected record (a bad record must not look like a cancellation).
     */
    public Uni<Counts> refresh(String tenantId, List<PurchaseValidator.Line> lines, List<Rejected> rejected) {
        Set<String> keep = new java.util.HashSet<>();
        rejected.forEach(r -> keep.add(PurchaseDiff.key(tenantId, r.key())));
        return write(lines, rejected, tenantId, keep, "pull", null);
    }

    private Uni<Counts> write(
            List<PurchaseValidator.Line> lines,
            List<Rejected> rejected,
            String fullRefresh,
            Set<String> keep,
            String path,
            Caller importedBy) {
        return pool.withTransaction(tx -> {
                    List<String> tenants = new ArrayList<>();
                    lines.forEach(l -> tenants.add(l.entitlement().tenantId()));
                    if (fullRefresh != null) {
                        tenants.add(fullRefresh);
                    }
                    return repository
                            .lockTenants(tx, tenants)
                            .chain(() -> known(tx, lines, fullRefresh))
                            .chain(known -> {
                                List<Change> changes = PurchaseDiff.diff(known, lines, fullRefresh, keep);
                                List<OutboxMessage> messages = new ArrayList<>(changes.size() + rejected.size() * 2);
                                Map<String, Known> toSave = new LinkedHashMap<>();
                                for (Change c : changes) {
                                    messages.add(OutboxMessage.of(c.type(), event(c)));
                                    toSave.put(
                                            PurchaseDiff.key(
                                                    c.entitlement().tenantId(),
                                                    c.entitlement().externalId()),
                                            new Known(c.entitlement(), c.type() == EventType.ENTITLEMENT_CANCELLED));
                                }
                                messages.addAll(deadLetters(rejected));
                                Map<String, String> accounts = new LinkedHashMap<>();
                                lines.forEach(l -> accounts.put(
                                        l.entitlement().tenantId(),
                                        l.entitlement().entitlementId()));
                                return repository
                                        .save(tx, toSave.values())
                                        .chain(() -> repository.rememberAccounts(tx, accounts))
                                        .chain(() -> fullRefresh == null
                                                ? Uni.createFrom().voidItem()
                                                : repository.refreshed(tx, fullRefresh))
                                        // an import's audit events go in the same outbox statement as its own events
                                        .chain(() -> importedBy == null
                                                ? outbox.add(tx, messages)
                                                : audit.record(
                                                        tx, imported(importedBy, lines, accounts, changes), messages))
                                        .replaceWith(counts(lines.size() + rejected.size(), changes, rejected.size()));
                            });
                })
                .invoke(() -> {
                    // counted once the batch committed: a retried batch must not be counted per attempt
                    count(path, lines.size(), rejected.size());
                    outbox.committed();
                });
    }

    /** One audit entry per tenant of an import: its account, its order lines and what they changed. */
    private List<AuditRecorded> imported(
            Caller by, List<PurchaseValidator.Line> lines, Map<String, String> accounts, List<Change> changes) {
        Map<String, List<String>> lineIds = new LinkedHashMap<>();
        lines.forEach(l -> lineIds.computeIfAbsent(l.entitlement().tenantId(), t -> new ArrayList<>())
                .add(l.entitlement().externalId()));
        List<AuditRecorded> entries = new ArrayList<>(lineIds.size());
        lineIds.forEach((tenant, ids) -> {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("externalIds", ids);
            Counts counts = counts(
                    ids.size(),
                    changes.stream()
                            .filter(c -> c.entitlement().tenantId().equals(tenant))
                            .toList(),
                    0);
            facts.put("purchased", counts.purchased());
            facts.put("changed", counts.changed());
            facts.put("cancelled", counts.cancelled());
            facts.put("unchanged", counts.unchanged());
            Caller forTenant = new Caller(by.subject(), tenant, null, by.roles(), by.actorTenantId());
            entries.add(audit.entry(forTenant, "purchases.imported", "licensingAccount", accounts.get(tenant), facts));
        });
        return entries;
    }

    private Uni<Map<String, Known>> known(SqlConnection tx, List<PurchaseValidator.Line> lines, String fullRefresh) {
        if (fullRefresh != null) {
            return repository.knownForTenant(tx, fullRefresh);
        }
        List<String> tenants =
                lines.stream().map(l -> l.entitlement().tenantId()).toList();
        List<String> externalIds =
                lines.stream().map(l -> l.entitlement().externalId()).toList();
        return repository.known(tx, tenants, externalIds);
    }

    private CloudEvent event(Change c) {
        Object payload = c.type() == EventType.ENTITLEMENT_CHANGED
                ? new EntitlementChanged(c.entitlement(), c.previous(), c.changedFields())
                : c.entitlement();
        CloudEvent e = CloudEvent.of(c.type(), SOURCE, c.entitlement().tenantId(), payload);
        return new CloudEvent(e.id(), e.type(), e.source(), clock.instant(), e.subject(), e.data());
    }

    /** Each rejected record to the dead-letter topic, and one SYNC_FAILED notice per tenant. */
    private List<OutboxMessage> deadLetters(List<Rejected> rejected) {
        List<OutboxMessage> messages = new ArrayList<>();
        Map<String, List<Rejected>> byTenant = new LinkedHashMap<>();
        for (Rejected r : rejected) {
            messages.add(OutboxMessage.deadLetter(Topics.LICENSING_PURCHASES, r.tenantId(), r.value(), r.reasons()));
            if (r.tenantId() != null && !r.tenantId().isBlank()) {
                byTenant.computeIfAbsent(r.tenantId(), t -> new ArrayList<>()).add(r);
            }
        }
        byTenant.forEach((tenant, bad) -> messages.add(syncFailed(
                tenant,
                bad.size() + " purchase record(s) from the licensing system could not be applied",
                bad.get(0).reasons())));
        return messages;
    }

    /** The tenant's SYNC_FAILED attention note, for the outbox (one per tenant: raising it again updates it). */
    public OutboxMessage syncFailed(String tenantId, String summary, String details) {
        AttentionRaised note = new AttentionRaised(
                "SYNC_FAILED:" + tenantId,
                tenantId,
                "SYNC_FAILED",
                "ALL",
                null,
                summary,
                details,
                clock.instant(),
                null);
        return OutboxMessage.of(
                EventType.ATTENTION_RAISED, CloudEvent.of(EventType.ATTENTION_RAISED, SOURCE, tenantId, note));
    }

    private void count(String path, int accepted, int rejected) {
        metrics.counter(RECEIVED, "path", path, "outcome", "accepted").increment(accepted);
        if (rejected > 0) {
            metrics.counter(RECEIVED, "path", path, "outcome", "rejected").increment(rejected);
        }
    }

    private static Counts counts(int received, List<Change> changes, int rejected) {
        int purchased = 0;
        int changed = 0;
        int cancelled = 0;
        for (Change c : changes) {
            switch (c.type()) {
                case ENTITLEMENT_PURCHASED -> purchased++;
                case ENTITLEMENT_CHANGED -> changed++;
                default -> cancelled++;
            }
        }
        return new Counts(
                received,
                purchased,
                changed,
                cancelled,
                Math.max(0, received - rejected - purchased - changed - cancelled),
                rejected);
    }
}
