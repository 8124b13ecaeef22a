package dev.entitlements.sync.purchase.repository;

import dev.entitlements.common.query.BatchColumns;
import dev.entitlements.contract.EventJson;
import dev.entitlements.contract.events.EntitlementData;
import dev.entitlements.sync.purchase.service.PurchaseDiff;
import dev.entitlements.sync.purchase.service.PurchaseDiff.Known;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The last known purchase state and licensing accounts, in the caller's transaction. */
@ApplicationScoped
public class PurchaseRepository {

    /** The purchase rows of a batch: the line as JSON, and whether it is cancelled. */
    private static final BatchColumns<Known> LINES = BatchColumns.<Known>of()
            .text(k -> k.entitlement().tenantId())
            .text(k -> k.entitlement().externalId())
            .text(k -> EventJson.write(k.entitlement()))
            .bool(Known::cancelled);

    private final Pool pool;

    public PurchaseRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Serialises all writers of these tenants, across instances, until the transaction ends
     * (sorted, so two batches never wait for each other in a cycle).
     */
    public Uni<Void> lockTenants(SqlConnection tx, Collection<String> tenants) {
        String[] sorted = tenants.stream().distinct().sorted().toArray(String[]::new);
        return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtext(t)) FROM unnest($1::text[]) AS t ORDER BY t")
                .execute(Tuple.of(sorted))
                .replaceWithVoid();
    }

    /** The known lines among the given (tenant, externalId) pairs. */
    public Uni<Map<String, Known>> known(SqlConnection tx, List<String> tenantIds, List<String> externalIds) {
        return tx.preparedQuery(
                        "SELECT p.data::text AS data, p.cancelled FROM purchase p"
                                + " JOIN unnest($1::text[], $2::text[]) AS k(tenant_id, external_id) USING (tenant_id, external_id)")
                .execute(Tuple.of(tenantIds.toArray(String[]::new), externalIds.toArray(String[]::new)))
                .map(PurchaseRepository::toKnown);
    }

    /** Every known line of a tenant (for a full refresh). */
    public Uni<Map<String, Known>> knownForTenant(SqlConnection tx, String tenantId) {
        return tx.preparedQuery("SELECT data::text AS data, cancelled FROM purchase WHERE tenant_id = $1")
                .execute(Tuple.of(tenantId))
                .map(PurchaseRepository::toKnown);
    }

    public Uni<Void> save(SqlConnection tx, Collection<Known> lines) {
        if (lines.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // one statement per batch; the caller passes each line once (ON CONFLICT cannot touch a row twice)
        return tx.preparedQuery("INSERT INTO purchase (tenant_id, external_id, data, cancelled)"
                        + " SELECT t, e, d::jsonb, c FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[]) AS u(t, e, d, c)"
                        + " ON CONFLICT (tenant_id, external_id) DO UPDATE"
                        + " SET data = EXCLUDED.data, cancelled = EXCLUDED.cancelled, updated_at = now()")
                .execute(LINES.tuple(lines))
                .replaceWithVoid();
    }

    /** Remembers each tenant's licensing account (the latest one named wins). */
    public Uni<Void> rememberAccounts(SqlConnection tx, Map<String, String> accountByTenant) {
        if (accountByTenant.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("INSERT INTO licensing_account (tenant_id, entitlement_id)"
                        + " SELECT * FROM unnest($1::text[], $2::text[])"
                        + " ON CONFLICT (tenant_id) DO UPDATE SET entitlement_id = EXCLUDED.entitlement_id"
                        + " WHERE licensing_account.entitlement_id <> EXCLUDED.entitlement_id")
                .execute(Tuple.of(
                        accountByTenant.keySet().toArray(String[]::new),
                        accountByTenant.values().toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** The tenant's licensing account, or null. */
    public Uni<String> accountOf(String tenantId) {
        return pool.preparedQuery("SELECT entitlement_id FROM licensing_account WHERE tenant_id = $1")
                .execute(Tuple.of(tenantId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }

    /** Every known licensing account: tenant → entitlement id. */
    public Uni<Map<String, String>> accounts() {
        return pool.query("SELECT tenant_id, entitlement_id FROM licensing_account ORDER BY tenant_id")
                .execute()
                .map(rows -> {
                    Map<String, String> accounts = new java.util.LinkedHashMap<>();
                    rows.forEach(r -> accounts.put(r.getString(0), r.getString(1)));
                    return accounts;
                });
    }

    public Uni<Void> refreshed(SqlConnection tx, String tenantId) {
        return tx.preparedQuery("UPDATE licensing_account SET last_refreshed = now() WHERE tenant_id = $1")
                .execute(Tuple.of(tenantId))
                .replaceWithVoid();
    }

    private static Map<String, Known> toKnown(RowSet<Row> rows) {
        Map<String, Known> known = new HashMap<>();
        for (Row row : rows) {
            EntitlementData data = EventJson.read(row.getString("data"), EntitlementData.class);
            known.put(
                    PurchaseDiff.key(data.tenantId(), data.externalId()), new Known(data, row.getBoolean("cancelled")));
        }
        return known;
    }
}
