package dev.entitlements.sync.request.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The {@code sync_request} rows: a refresh queued, run, ended; who runs it is {@link SyncLeases}'. */
@ApplicationScoped
public class SyncRequestRepository {

    private final Pool pool;

    public SyncRequestRepository(Pool pool) {
        this.pool = pool;
    }

    /** The request if it belongs to the tenant; another tenant's request is as absent as an unknown one. */
    public Uni<SyncRequest> findForTenant(UUID id, String tenantId) {
        return pool.preparedQuery(
                        "SELECT id, tenant_id, refresh_type, state, requested_by, created_at, updated_at, purchased, changed,"
                                + " cancelled, failure_reason FROM sync_request WHERE id = $1 AND tenant_id = $2")
                .execute(Tuple.of(id, tenantId))
                .map(rows -> rows.size() == 0 ? null : read(rows.iterator().next()));
    }

    /**
     * Queues a refresh of the tenant owned by {@code owner} for {@code leaseSeconds}, unless one is
     * queued or running already.
     *
     * @return whether this call queued it
     */
    public Uni<Boolean> queue(
            SqlConnection tx, UUID id, String tenantId, String requestedBy, String owner, double leaseSeconds) {
        return tx.preparedQuery(
                        "INSERT INTO sync_request (id, tenant_id, refresh_type, state, requested_by, owner, lease_until)"
                                + " VALUES ($1, $2, 'FULL', 'QUEUED', $3, $4, " + SyncLeases.leaseEnd(5) + ")"
                                + " ON CONFLICT (tenant_id) WHERE state IN ('QUEUED', 'RUNNING') DO NOTHING RETURNING id")
                .execute(Tuple.of(id, tenantId, requestedBy, owner, leaseSeconds))
                .map(inserted -> inserted.size() == 1);
    }

    /** The tenant's refresh queued or running, or null when there is none (any more). */
    public Uni<UUID> active(String tenantId) {
        return pool.preparedQuery("SELECT id FROM sync_request WHERE tenant_id = $1 AND state IN ('QUEUED', 'RUNNING')")
                .execute(Tuple.of(tenantId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID(0));
    }

    public Uni<Void> running(UUID id) {
        return pool.preparedQuery("UPDATE sync_request SET state = 'RUNNING', updated_at = now() WHERE id = $1")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /** The refresh succeeded with these changes; nothing when another instance has taken it over. */
    public Uni<Void> succeeded(UUID id, String owner, int purchased, int changed, int cancelled) {
        return pool.preparedQuery(
                        "UPDATE sync_request SET state = 'SUCCEEDED', updated_at = now(), purchased = $2, changed = $3,"
                                + " cancelled = $4 WHERE id = $1 AND owner = $5")
                .execute(Tuple.from(new Object[] {id, purchased, changed, cancelled, owner}))
                .replaceWithVoid();
    }

    /** @return whether the refresh failed by this call (false when another instance has taken it over) */
    public Uni<Boolean> failed(SqlConnection tx, UUID id, String owner, String reason) {
        return tx.preparedQuery("UPDATE sync_request SET state = 'FAILED', updated_at = now(), failure_reason = $2"
                        + " WHERE id = $1 AND owner = $3")
                .execute(Tuple.of(id, reason, owner))
                .map(updated -> updated.rowCount() == 1);
    }

    private static SyncRequest read(Row r) {
        return new SyncRequest(
                r.getUUID("id"),
                r.getString("tenant_id"),
                r.getString("refresh_type"),
                r.getString("state"),
                r.getString("requested_by"),
                r.getOffsetDateTime("created_at").toInstant(),
                r.getOffsetDateTime("updated_at").toInstant(),
                r.getInteger("purchased"),
                r.getInteger("changed"),
                r.getInteger("cancelled"),
                r.getString("failure_reason"));
    }
}
