package dev.entitlements.entitlement.audit.repository;

import static dev.entitlements.common.query.SqlValues.timestamptz;

import dev.entitlements.common.query.PgPage;
import dev.entitlements.common.query.QueryFields;
import dev.entitlements.common.query.SqlWhere;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.contract.EventJson;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.contract.events.AuditRecorded;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The audit read model (ADR 0015): entries written once from {@code audit.events}, read in pages, deleted past retention. */
@ApplicationScoped
public class AuditEventRepository {

    /** How the licensing system shows in a tenant's trail when it wrote that tenant's data. */
    public static final String LICENSING_SYSTEM = "licensing-system";

    /**
     * The trail as tenants read it. The licensing system's service account (LICENSING_SERVICE)
     * belongs to the platform operator's tenant, not to the tenant whose purchases it imported: that
     * tenant sees it by its role, as {@value #LICENSING_SYSTEM} with no actor tenant. Everyone else
     * is shown as recorded: the tenant's own users, and its MSP's acting for it. The row keeps what
     * was recorded, as the source service's {@code audit_log} does.
     */
    private static final String SOURCE = """
            (SELECT audit_id, tenant_id, roles, action, resource_type, resource_id, request_id, at, details, source,
                    CASE WHEN %1$s THEN NULL ELSE actor_tenant_id END AS actor_tenant_id,
                    CASE WHEN %1$s THEN '%2$s' ELSE subject END AS subject
             FROM audit_event) AS trail""".formatted(
            "actor_tenant_id <> tenant_id AND '" + Roles.LICENSING_SERVICE + "' = ANY (roles)", LICENSING_SYSTEM);

    private final Pool pool;

    public AuditEventRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * An entry, once: the inbox already applies each event once, and an entry published twice under
     * two event ids (a producer's retry outside the outbox) is still one row.
     *
     * @param source the event's {@code ce_source}: the service that recorded it
     */
    public Uni<Void> insert(SqlConnection tx, AuditRecorded e, String source) {
        List<String> roles = e.roles() == null ? List.of() : e.roles();
        Map<String, Object> details = e.details() == null ? Map.of() : e.details();
        return tx.preparedQuery("""
                INSERT INTO audit_event (audit_id, tenant_id, actor_tenant_id, subject, roles, action, resource_type,
                                         resource_id, request_id, at, details, source)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                ON CONFLICT (audit_id) DO NOTHING""")
                .execute(Tuple.from(new Object[] {
                    e.auditId(),
                    e.tenantId(),
                    e.actorTenantId(),
                    e.subject(),
                    roles.toArray(String[]::new),
                    e.action(),
                    e.resourceType(),
                    e.resourceId(),
                    e.requestId(),
                    timestamptz(e.at()),
                    new JsonObject(EventJson.write(details)),
                    source
                }))
                .replaceWithVoid();
    }

    /** One page of the tenant's trail and the number of all matching entries. */
    public <T extends Record> Uni<PgPage<T>> page(QueryFields<T> fields, String tenantId, ValidatedQuery q) {
        SqlWhere where = new SqlWhere();
        where.eq("tenant_id", tenantId);
        fields.filter(where, q);
        String from = "FROM " + SOURCE + " WHERE " + where.sql();
        return PgPage.fetch(
                pool,
                PgPage.statement(
                        "SELECT count(*) AS n " + from, fields.select(), from, q, fields.sortColumn(q), "audit_id"),
                where.tuple(),
                fields::read);
    }

    /**
     * Deletes up to {@code limit} of the oldest entries timed before {@code cutoff}, in one statement
     * (its own transaction). Rows another instance's purge is deleting at the same time are skipped,
     * not waited for.
     *
     * @return how many were deleted: fewer than {@code limit} means none older is left (or the rest is
     *         another instance's to delete)
     */
    public Uni<Integer> deleteOlderThan(Instant cutoff, int limit) {
        return pool.preparedQuery("""
                DELETE FROM audit_event WHERE audit_id IN (
                    SELECT audit_id FROM audit_event WHERE at < $1 ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED)""")
                .execute(Tuple.of(timestamptz(cutoff), limit))
                .map(rows -> rows.rowCount());
    }
}
