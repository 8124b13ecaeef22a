package dev.entitlements.assignment.assignments.service;

import dev.entitlements.assignment.assignments.repository.AssignmentWriter;
import dev.entitlements.assignment.pools.repository.PoolRepository;
import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.time.Lifecycle;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.contract.events.AssignmentData;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Finds an assignment to change and locks it: its bucket's lock before its row's, the order every
 * revoke and update takes them (a bulk revoke too), so that none deadlocks another.
 */
@ApplicationScoped
public class AssignmentLocks {

    /** The bucket as locked (null when the provider never had a pool of it), and the assignment as read under its row lock. */
    record Locked(PoolRepository.Bucket bucket, AssignmentData assignment) {}

    private final AssignmentWriter writer;
    private final PoolRepository pools;

    public AssignmentLocks(AssignmentWriter writer, PoolRepository pools) {
        this.writer = writer;
        this.pools = pools;
    }

    /** The assignment, not locked yet (its bucket is not known before it is read). */
    Uni<AssignmentData> findLive(SqlConnection tx, long id, String provider, String tenant, Instant now) {
        return writer.find(tx, id, provider, tenant, false).map(found -> live(found, id, now));
    }

    /** Locks the bucket of {@code found}, then its row, and reads it again: still live, or 409. */
    Uni<Locked> lock(SqlConnection tx, AssignmentData found, Instant now) {
        long id = found.assignmentId();
        return pools.lockBucket(tx, found.providerTenantId(), found.licenseType(), found.trial())
                .chain(bucket -> writer.find(tx, id, found.providerTenantId(), found.tenantId(), true)
                        .map(locked -> new Locked(bucket, live(locked, id, now))));
    }

    /** 404 for an id the caller does not have (another tenant's included); 409 once it is revoked or expired. */
    private static AssignmentData live(AssignmentData a, long id, Instant now) {
        if (a == null) {
            throw ApiException.notFound("assignment " + id);
        }
        Lifecycle.Status status = Lifecycle.status(a.revokedDate(), a.effectiveDate(), a.expirationDate(), now);
        if (status == Lifecycle.Status.REVOKED || status == Lifecycle.Status.EXPIRED) {
            throw new ApiException(ErrorCode.LIFECYCLE_CONFLICT, "assignment " + id + " is " + status);
        }
        return a;
    }
}
