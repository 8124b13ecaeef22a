package dev.entitlements.entitlement.settings.repository;

import dev.entitlements.entitlement.settings.service.UsageSetting;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The solution-token features ({@code usage_feature}) and each tenant's setting of them
 * ({@code usage_setting}), through the reactive client like every other read of the service.
 */
@ApplicationScoped
public class UsageSettingRepository {

    private final Pool pool;

    public UsageSettingRepository(Pool pool) {
        this.pool = pool;
    }

    /** Every feature with the tenant's setting, or the feature's default where the tenant has none. */
    public Uni<List<UsageSetting>> forTenant(SqlClient client, String tenantId) {
        return client.preparedQuery("""
                SELECT f.feature_type, f.feature_name, COALESCE(t.max_quantity, f.default_max_quantity),
                       COALESCE(t.enabled, FALSE), COALESCE(t.capped, FALSE), f.license_token,
                       f.feature_cost_unit, f.feature_unit
                  FROM usage_feature f
                  LEFT JOIN usage_setting t ON t.feature_type = f.feature_type AND t.tenant_id = $1
                 ORDER BY f.feature_type
                """).execute(Tuple.of(tenantId)).map(rows -> {
            List<UsageSetting> settings = new java.util.ArrayList<>(rows.size());
            rows.forEach(r -> settings.add(new UsageSetting(
                    r.getString(0),
                    r.getString(1),
                    r.getInteger(2),
                    r.getBoolean(3),
                    r.getBoolean(4),
                    r.getInteger(5),
                    r.getString(6),
                    r.getString(7))));
            return settings;
        });
    }

    public Uni<List<UsageSetting>> forTenant(String tenantId) {
        return forTenant(pool, tenantId);
    }

    /**
     * Writes the tenant's setting of one feature, starting from its current values (or the
     * feature's defaults) for the values the change leaves out.
     *
     * @return whether the feature exists
     */
    public Uni<Boolean> update(
            SqlClient tx,
            String tenantId,
            String featureType,
            Integer maxQuantity,
            Boolean enabled,
            Boolean capped,
            String updatedBy) {
        return tx.preparedQuery("""
                INSERT INTO usage_setting (tenant_id, feature_type, max_quantity, enabled, capped, updated_by, updated_at)
                SELECT $1, f.feature_type,
                       COALESCE($3, t.max_quantity, f.default_max_quantity),
                       COALESCE($4, t.enabled, FALSE),
                       COALESCE($5, t.capped, FALSE), $6, now()
                  FROM usage_feature f
                  LEFT JOIN usage_setting t ON t.feature_type = f.feature_type AND t.tenant_id = $1
                 WHERE f.feature_type = $2
                ON CONFLICT (tenant_id, feature_type) DO UPDATE SET max_quantity = EXCLUDED.max_quantity,
                       enabled = EXCLUDED.enabled, capped = EXCLUDED.capped, updated_by = EXCLUDED.updated_by,
                       updated_at = EXCLUDED.updated_at
                """)
                .execute(Tuple.from(
                        java.util.Arrays.asList(tenantId, featureType, maxQuantity, enabled, capped, updatedBy)))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Runs {@code work} in one transaction. */
    public <T> Uni<T> inTransaction(java.util.function.Function<io.vertx.mutiny.sqlclient.SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work::apply);
    }
}
