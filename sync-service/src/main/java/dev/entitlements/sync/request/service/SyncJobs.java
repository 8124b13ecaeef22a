package dev.entitlements.sync.request.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import dev.entitlements.common.audit.Audit;
import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.outbox.Outbox;
import dev.entitlements.common.security.Caller;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.contract.events.AuditRecorded;
import dev.entitlements.contract.events.PurchaseRecord;
import dev.entitlements.sync.licensing.LicensingClient;
import dev.entitlements.sync.purchase.repository.PurchaseRepository;
import dev.entitlements.sync.purchase.service.PurchaseIngestion;
import dev.entitlements.sync.purchase.service.PurchaseIntake;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Full refreshes from the licensing system (the pull path): requested by {@code PATCH /entitlements}
 * or by the periodic scheduler, tracked in {@code sync_request}, at most one at a time per tenant.
 */
@ApplicationScoped
public class SyncJobs {

    private static final Logger LOG = Logger.getLogger(SyncJobs.class);

    private final Pool pool;
    private final PurchaseRepository purchases;
    private final LicensingClient licensing;
    private final PurchaseIntake intake;
    private final PurchaseIngestion ingestion;
    private final Outbox outbox;
    private final Audit audit;

    public SyncJobs(Pool pool, PurchaseRepository purchases, @RestClient LicensingClient licensing, PurchaseIntake intake,
            PurchaseIngestion ingestion, Outbox outbox, Audit audit) {
        this.pool = pool;
        this.purchases = purchases;
        this.licensing = licensing;
        this.intake = intake;
        this.ingestion = ingestion;
        this.outbox = outbox;
        this.audit = audit;
    }

    /**
     * {@code PATCH /entitlements}: a refresh of the caller's tenant, requested by the caller. A new
     * request is an entry of the audit trail, in the transaction that queues it; joining the
     * refresh already queued or running writes nothing and records nothing.
     */
    public Uni<UUID> request(Caller caller) {
        return request(caller.tenantId(), caller.subject(), caller);
    }

    /**
     * Queues a full refresh of the tenant and starts it, or returns the refresh already queued or
     * running. 417 when the platform knows no licensing account of the tenant yet.
     */
    public Uni<UUID> request(String tenantId, String requestedBy) {
        return request(tenantId, requestedBy, null);
    }

    /** @param caller whose request to record in the audit trail, or null (the scheduler's) */
    private Uni<UUID> request(String tenantId, String requestedBy, Caller caller) {
        return purchases.accountOf(tenantId).chain(account -> {
            if (account == null) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.NO_ENTITLEMENT_ACCOUNT,
                        "tenant " + tenantId + " has no licensing account yet", "purchases must reach the platform first"));
            }
            UUID id = UUID.randomUUID();
            AuditRecorded entry = caller == null ? null
                    : audit.entry(caller, "sync.requested", "syncRequest", id.toString(), Map.of("refreshType", "FULL"));
            // a refresh whose instance died must not block the tenant forever
            return pool.preparedQuery("UPDATE sync_request SET state = 'FAILED', updated_at = now(),"
                    + " failure_reason = 'abandoned: no progress for 10 minutes'"
                    + " WHERE tenant_id = $1 AND state IN ('QUEUED', 'RUNNING') AND updated_at < now() - INTERVAL '10 minutes'")
                    .execute(Tuple.of(tenantId))
                    .chain(() -> pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO sync_request (id, tenant_id, refresh_type,"
                            + " state, requested_by) VALUES ($1, $2, 'FULL', 'QUEUED', $3)"
                            + " ON CONFLICT (tenant_id) WHERE state IN ('QUEUED', 'RUNNING') DO NOTHING RETURNING id")
                            .execute(Tuple.of(id, tenantId, requestedBy))
                            .call(inserted -> inserted.size() == 1 && entry != null ? audit.record(tx, List.of(entry))
                                    : Uni.createFrom().voidItem())))
                    .chain(inserted -> {
                        if (inserted.size() == 1) {
                            outbox.committed();
                            run(id, tenantId, account);
                            return Uni.createFrom().item(id);
                        }
                        return pool.preparedQuery("SELECT id FROM sync_request WHERE tenant_id = $1 AND state IN ('QUEUED', 'RUNNING')")
                                .execute(Tuple.of(tenantId)).map(rows -> rows.iterator().next().getUUID(0));
                    });
        });
    }

    /**
     * Refreshes every known account, one after the other, so a large estate does not flood the
     * licensing system; each refresh is an ordinary sync request, visible at its status link.
     */
    @Scheduled(every = "${sync.refresh.interval:6h}", delayed = "${sync.refresh.initial-delay:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> refreshAll() {
        return purchases.accounts()
                .onItem().transformToMulti(accounts -> Multi.createFrom().iterable(accounts.keySet()))
                .onItem().transformToUniAndConcatenate(tenant -> request(tenant, "scheduler")
                        .onFailure().invoke(e -> LOG.warnf("scheduled refresh of %s not started: %s", tenant, e.toString()))
                        .onFailure().recoverWithNull())
                .collect().asList().replaceWithVoid();
    }

    void run(UUID id, String tenantId, String account) {
        state(id, "RUNNING")
                .chain(() -> licensing.purchases(account))
                .chain(records -> refresh(tenantId, records == null ? List.of() : records))
                .chain(counts -> pool.preparedQuery("UPDATE sync_request SET state = 'SUCCEEDED', updated_at = now(),"
                        + " purchased = $2, changed = $3, cancelled = $4 WHERE id = $1")
                        .execute(Tuple.of(id, counts.purchased(), counts.changed(), counts.cancelled())))
                .onFailure().call(e -> failed(id, tenantId, e))
                .subscribe().with(done -> LOG.infof("sync request %s of %s succeeded", id, tenantId),
                        e -> LOG.warnf("sync request %s of %s failed: %s", id, tenantId, e.toString()));
    }

    private Uni<PurchaseIngestion.Counts> refresh(String tenantId, List<PurchaseRecord> records) {
        PurchaseIntake.Sorted sorted = intake.sortList(tenantId, records);
        return ingestion.refresh(tenantId, sorted.lines(), sorted.rejected());
    }

    private Uni<Void> state(UUID id, String state) {
        return pool.preparedQuery("UPDATE sync_request SET state = $2, updated_at = now() WHERE id = $1")
                .execute(Tuple.of(id, state)).replaceWithVoid();
    }

    /** The request fails and the tenant's administrators get a SYNC_FAILED notice, in one transaction. */
    private Uni<Void> failed(UUID id, String tenantId, Throwable e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE sync_request SET state = 'FAILED', updated_at = now(),"
                + " failure_reason = $2 WHERE id = $1").execute(Tuple.of(id, reason))
                .chain(() -> outbox.add(tx, List.of(ingestion.syncFailed(tenantId, "the refresh from the licensing system failed",
                        reason)))))
                .invoke(outbox::committed);
    }
}
