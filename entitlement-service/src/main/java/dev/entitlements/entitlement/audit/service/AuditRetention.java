package dev.entitlements.entitlement.audit.service;

import dev.entitlements.entitlement.audit.repository.AuditEventRepository;
import dev.entitlements.entitlement.config.EntitlementConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Keeps the audit read model within its retention ({@code entitlement.audit.retention}, 400 days
 * by default): entries whose {@code at} is older are deleted, oldest first, a batch per statement.
 * This is the one deletion of recorded history in the system (docs/architecture.md, Invariants;
 * ADR 0015). Every instance runs it; their batches skip each other's rows.
 */
@ApplicationScoped
public class AuditRetention {

    private static final Logger LOG = Logger.getLogger(AuditRetention.class);

    private final AuditEventRepository repository;
    private final EntitlementConfig config;
    private final Clock clock;

    public AuditRetention(AuditEventRepository repository, EntitlementConfig config, Clock clock) {
        this.repository = repository;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(
            every = "${entitlement.audit.purge-interval:1h}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return purge(clock.instant())
                .onFailure()
                .invoke(e -> LOG.warnf("audit retention: not done this time: %s", e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** {@link #purge(Instant, int)} in batches of {@code entitlement.audit.purge-batch-size}. */
    public Uni<Long> purge(Instant now) {
        return purge(now, config.audit().purgeBatchSize());
    }

    /**
     * Deletes every entry older than the retention as of {@code now}, {@code batch} rows per
     * statement; one older by exactly the retention is kept.
     *
     * @return how many entries were deleted
     */
    public Uni<Long> purge(Instant now, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch size " + batch);
        }
        Instant cutoff = now.minus(config.audit().retention());
        return deleteFrom(cutoff, batch, 0L).invoke(deleted -> {
            if (deleted > 0) {
                LOG.infof("audit retention: deleted %d entries older than %s", deleted, cutoff);
            }
        });
    }

    /** One batch, then the next while batches come back full. */
    private Uni<Long> deleteFrom(Instant cutoff, int batch, long deletedSoFar) {
        return repository.deleteOlderThan(cutoff, batch).chain(deleted -> {
            long total = deletedSoFar + deleted;
            return deleted < batch ? Uni.createFrom().item(total) : deleteFrom(cutoff, batch, total);
        });
    }
}
