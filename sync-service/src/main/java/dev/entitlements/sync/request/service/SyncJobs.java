package dev.entitlements.sync.request.service;

import dev.entitlements.common.audit.Audit;
import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.outbox.Outbox;
import dev.entitlements.common.security.Caller;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.contract.events.AuditRecorded;
import dev.entitlements.contract.events.PurchaseRecord;
import dev.entitlements.sync.config.SyncConfig;
import dev.entitlements.sync.licensing.LicensingClient;
import dev.entitlements.sync.purchase.repository.PurchaseRepository;
import dev.entitlements.sync.purchase.service.PurchaseIngestion;
import dev.entitlements.sync.purchase.service.PurchaseIntake;
import dev.entitlements.sync.request.repository.PeriodClaims;
import dev.entitlements.sync.request.repository.SyncLeases;
import dev.entitlements.sync.request.repository.SyncRequestRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Full refreshes from the licensing system (the pull path): requested by {@code PATCH /entitlements}
 * or by the periodic scheduler, tracked in {@code sync_request}, at most one at a time per tenant.
 * A refresh is leased by the instance that runs it ({@link SyncLeases}): if that instance dies, another
 * takes the refresh over once the lease runs out, instead of leaving it RUNNING. The periodic refresh
 * of every account runs once per interval across all replicas ({@link PeriodClaims}), one account
 * after the other. Every run ends counted in {@code sync_runs_total{outcome}} (succeeded, failed, or
 * abandoned after its instance died too often), timed in {@code sync_run_duration_seconds{outcome}}.
 */
@ApplicationScoped
@Startup // its meters exist from the start, not from the first request
public class SyncJobs {

    private static final Logger LOG = Logger.getLogger(SyncJobs.class);
    static final String REFRESH_ALL = "refresh-all";
    private static final int MAX_QUEUE_ATTEMPTS = 10;
    /** Refreshes run, by outcome (Prometheus: {@code sync_runs_total}). */
    public static final String RUNS = "sync.runs";
    /** How long a refresh ran, by outcome (Prometheus: {@code sync_run_duration_seconds}). */
    public static final String RUN_DURATION = "sync.run.duration";

    private static final String SUCCEEDED = "succeeded";
    private static final String FAILED = "failed";
    private static final String ABANDONED = "abandoned";

    private final Pool pool;
    private final PurchaseRepository purchases;
    private final LicensingClient licensing;
    private final PurchaseIntake intake;
    private final PurchaseIngestion ingestion;
    private final Outbox outbox;
    private final Audit audit;
    private final SyncLeases leases;
    private final PeriodClaims periods;
    private final SyncConfig config;
    private final SyncRequestRepository requests;
    private final MeterRegistry registry;

    public SyncJobs(
            Pool pool,
            SyncRequestRepository requests,
            PurchaseRepository purchases,
            @RestClient LicensingClient licensing,
            PurchaseIntake intake,
            PurchaseIngestion ingestion,
            Outbox outbox,
            Audit audit,
            SyncLeases leases,
            PeriodClaims periods,
            SyncConfig config,
            MeterRegistry registry) {
        this.pool = pool;
        this.requests = requests;
        this.purchases = purchases;
        this.licensing = licensing;
        this.intake = intake;
        this.ingestion = ingestion;
        this.outbox = outbox;
        this.audit = audit;
        this.leases = leases;
        this.periods = periods;
        this.config = config;
        this.registry = registry;
        // every outcome's series from the start, so a first failure shows in increase()
        for (String outcome : List.of(SUCCEEDED, FAILED, ABANDONED)) {
            runs(outcome);
        }
        for (String outcome : List.of(SUCCEEDED, FAILED)) {
            duration(outcome);
        }
    }

    private Counter runs(String outcome) {
        return Counter.builder(RUNS)
                .description("full refreshes from the licensing system that ended, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    private Timer duration(String outcome) {
        return Timer.builder(RUN_DURATION)
                .description("how long a full refresh from the licensing system ran")
                .tag("outcome", outcome)
                .serviceLevelObjectives(
                        Duration.ofMillis(100),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(60),
                        Duration.ofMinutes(5))
                .register(registry);
    }

    private void ended(String outcome, long startNanos) {
        runs(outcome).increment();
        duration(outcome).record(Duration.ofNanos(System.nanoTime() - startNanos));
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
        return queue(tenantId, requestedBy, caller).map(queued -> {
            if (queued.work() != null) {
                queued.work().subscribe().with(done -> {}, e -> {}); // its outcome is in its row, logged by execute
            }
            return queued.id();
        });
    }

    /**
     * A refresh queued for the tenant: its id and, when this call queued it, the work that runs it
     * (not yet subscribed); null work when a refresh of the tenant was already queued or running.
     */
    private record Queued(UUID id, Uni<Void> work) {}

    private Uni<Queued> queue(String tenantId, String requestedBy, Caller caller) {
        return queue(tenantId, requestedBy, caller, 1);
    }

    private Uni<Queued> queue(String tenantId, String requestedBy, Caller caller, int attempt) {
        return purchases.accountOf(tenantId).chain(account -> {
            if (account == null) {
                return Uni.createFrom()
                        .failure(new ApiException(
                                ErrorCode.NO_ENTITLEMENT_ACCOUNT,
                                "tenant " + tenantId + " has no licensing account yet",
                                "purchases must reach the platform first"));
            }
            UUID id = UUID.randomUUID();
            AuditRecorded entry = caller == null
                    ? null
                    : audit.entry(
                            caller, "sync.requested", "syncRequest", id.toString(), Map.of("refreshType", "FULL"));
            return pool.withTransaction(tx -> requests.queue(
                                    tx, id, tenantId, requestedBy, leases.instance(), leases.leaseSeconds())
                            .call(queued -> queued && entry != null
                                    ? audit.record(tx, List.of(entry))
                                    : Uni.createFrom().voidItem()))
                    .chain(queued -> {
                        if (queued) {
                            outbox.committed();
                            return Uni.createFrom().item(new Queued(id, execute(id, tenantId, account)));
                        }
                        // a refresh whose instance died is taken over by the lease reaper, not by this caller
                        return requests.active(tenantId)
                                .chain(active -> active != null
                                        ? Uni.createFrom().item(new Queued(active, null))
                                        // the refresh we collided with ended between the insert and this read: queue
                                        // anew
                                        : requeue(tenantId, requestedBy, caller, attempt));
                    });
        });
    }

    /**
     * Another try at queueing after the refresh a request collided with ended in between; a refresh
     * of a stub licensing system ends within milliseconds, so a caller may meet this a few times in a
     * row, never forever: the next refresh it collides with is one it could have joined.
     */
    private Uni<Queued> requeue(String tenantId, String requestedBy, Caller caller, int attempt) {
        if (attempt >= MAX_QUEUE_ATTEMPTS) {
            return Uni.createFrom()
                    .failure(new IllegalStateException("refreshes of " + tenantId
                            + " kept ending while this request joined them (" + attempt + " tries)"));
        }
        return queue(tenantId, requestedBy, caller, attempt + 1);
    }

    /**
     * Refreshes every known account once per {@code sync.refresh.interval} across all replicas (the
     * instance that claims the period does it), one account after the other, so a large estate does
     * not flood the licensing system; each refresh is an ordinary sync request, visible at its
     * status link.
     */
    @Scheduled(
            every = "${sync.refresh.interval:6h}",
            delayed = "${sync.refresh.initial-delay:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> refreshAll() {
        return periods.claim(REFRESH_ALL, config.refresh().interval(), leases.instance())
                .chain(won -> {
                    if (!won) {
                        LOG.debugf("the refresh of every account in this period is another instance's");
                        return Uni.createFrom().voidItem();
                    }
                    return refreshEveryAccount();
                });
    }

    /** One period's work: every known account, each refresh awaited before the next starts. */
    public Uni<Void> refreshEveryAccount() {
        return purchases
                .accounts()
                .onItem()
                .transformToMulti(accounts -> Multi.createFrom().iterable(accounts.keySet()))
                .onItem()
                .transformToUniAndConcatenate(tenant -> queue(tenant, "scheduler", null)
                        .chain(queued ->
                                queued.work() == null ? Uni.createFrom().voidItem() : queued.work())
                        .onFailure()
                        .invoke(e -> LOG.warnf("scheduled refresh of %s not done: %s", tenant, e.toString()))
                        .onFailure()
                        .recoverWithNull())
                .collect()
                .asList()
                .replaceWithVoid();
    }

    /**
     * Takes over the refreshes whose instance stopped renewing their lease (it died, or it was cut
     * off from the database), one per pass on every instance; after {@code sync.lease.max-attempts}
     * runs a refresh is given up as FAILED with a SYNC_FAILED notice.
     */
    @Scheduled(
            every = "${sync.lease.reap-interval:20s}",
            delayed = "${sync.lease.reap-interval:20s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> takeOverStaleRefreshes() {
        return leases.takeOverOne().chain(taken -> {
            if (taken == null) {
                return Uni.createFrom().voidItem();
            }
            if (taken.attempts() > config.lease().maxAttempts()) {
                runs(ABANDONED).increment();
                return failed(
                        taken.id(),
                        taken.tenantId(),
                        new IllegalStateException(
                                "abandoned: its instance stopped " + (taken.attempts() - 1) + " times"));
            }
            LOG.infof("sync request %s of %s taken over (attempt %d)", taken.id(), taken.tenantId(), taken.attempts());
            return purchases
                    .accountOf(taken.tenantId())
                    .chain(account -> execute(taken.id(), taken.tenantId(), account)
                            .onFailure()
                            .recoverWithNull()
                            .replaceWithVoid());
        });
    }

    /** Runs a refresh this instance holds the lease of, renewing the lease until the refresh ends. */
    Uni<Void> execute(UUID id, String tenantId, String account) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            Duration every = config.lease().duration().dividedBy(3);
            Cancellable heartbeat = Multi.createFrom()
                    .ticks()
                    .every(every)
                    .onItem()
                    .transformToUniAndConcatenate(
                            tick -> leases.renew(id).onFailure().recoverWithItem(false))
                    .subscribe()
                    .with(
                            renewed -> {
                                if (!renewed) {
                                    LOG.warnf("sync request %s: lease not renewed", id);
                                }
                            },
                            e -> LOG.warnf("sync request %s: heartbeat stopped: %s", id, e.toString()));
            return requests.running(id)
                    .chain(() -> licensing.purchases(account))
                    .chain(records -> refresh(tenantId, records == null ? List.of() : records))
                    .chain(counts -> requests.succeeded(
                            id, leases.instance(), counts.purchased(), counts.changed(), counts.cancelled()))
                    .onFailure()
                    .call(e -> failed(id, tenantId, e))
                    .onTermination()
                    .invoke(heartbeat::cancel)
                    .invoke(done -> {
                        ended(SUCCEEDED, start);
                        LOG.infof("sync request %s of %s succeeded", id, tenantId);
                    })
                    .onFailure()
                    .invoke(e -> {
                        ended(FAILED, start);
                        LOG.warnf("sync request %s of %s failed: %s", id, tenantId, e.toString());
                    })
                    .replaceWithVoid();
        });
    }

    private Uni<PurchaseIngestion.Counts> refresh(String tenantId, List<PurchaseRecord> records) {
        PurchaseIntake.Sorted sorted = intake.sortList(tenantId, records);
        return ingestion.refresh(tenantId, sorted.lines(), sorted.rejected());
    }

    /**
     * The request fails and the tenant's administrators get a SYNC_FAILED notice, in one transaction;
     * nothing when another instance has taken the request over meanwhile (its run decides).
     */
    private Uni<Void> failed(UUID id, String tenantId, Throwable e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return pool.withTransaction(tx -> requests.failed(tx, id, leases.instance(), reason)
                        .chain(failed -> !failed
                                ? Uni.createFrom().voidItem()
                                : outbox.add(
                                        tx,
                                        List.of(ingestion.syncFailed(
                                                tenantId, "the refresh from the licensing system failed", reason)))))
                .invoke(outbox::committed);
    }
}
