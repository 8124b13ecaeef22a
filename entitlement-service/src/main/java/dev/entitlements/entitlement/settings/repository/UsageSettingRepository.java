package dev.entitlements.entitlement.settings.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.entitlements.entitlement.settings.service.UsageSetting;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class UsageSettingRepository implements PanacheRepositoryBase<UsageFeature, String> {

    /** Every feature with the tenant's setting, or the feature's default where the tenant has none. */
    public Uni<List<UsageSetting>> forTenant(String tenantId) {
        return getSession().chain(s -> s.createNativeQuery("""
                SELECT f.feature_type, f.feature_name, COALESCE(t.max_quantity, f.default_max_quantity),
                       COALESCE(t.enabled, FALSE), COALESCE(t.capped, FALSE), f.license_token,
                       f.feature_cost_unit, f.feature_unit
                  FROM usage_feature f
                  LEFT JOIN usage_setting t ON t.feature_type = f.feature_type AND t.tenant_id = ?1
                 ORDER BY f.feature_type
                """, Object[].class)
                .setParameter(1, tenantId)
                .getResultList())
                .map(rows -> rows.stream().map(r -> new UsageSetting((String) r[0], (String) r[1],
                        ((Number) r[2]).intValue(), (Boolean) r[3], (Boolean) r[4], ((Number) r[5]).intValue(),
                        (String) r[6], (String) r[7])).toList());
    }

    /**
     * Writes the tenant's setting of one feature, starting from its current values (or the
     * feature's defaults) for the values the change leaves out.
     *
     * @return whether the feature exists
     */
    public Uni<Boolean> update(String tenantId, String featureType, Integer maxQuantity, Boolean enabled, Boolean capped,
            String updatedBy) {
        return getSession().chain(s -> s.createNativeQuery("""
                INSERT INTO usage_setting (tenant_id, feature_type, max_quantity, enabled, capped, updated_by, updated_at)
                SELECT ?1, f.feature_type,
                       COALESCE(CAST(?3 AS INTEGER), t.max_quantity, f.default_max_quantity),
                       COALESCE(CAST(?4 AS BOOLEAN), t.enabled, FALSE),
                       COALESCE(CAST(?5 AS BOOLEAN), t.capped, FALSE), ?6, now()
                  FROM usage_feature f
                  LEFT JOIN usage_setting t ON t.feature_type = f.feature_type AND t.tenant_id = ?1
                 WHERE f.feature_type = ?2
                ON CONFLICT (tenant_id, feature_type) DO UPDATE SET max_quantity = EXCLUDED.max_quantity,
                       enabled = EXCLUDED.enabled, capped = EXCLUDED.capped, updated_by = EXCLUDED.updated_by,
                       updated_at = EXCLUDED.updated_at
                """)
                .setParameter(1, tenantId).setParameter(2, featureType).setParameter(3, maxQuantity)
                .setParameter(4, enabled).setParameter(5, capped).setParameter(6, updatedBy)
                .executeUpdate())
                .map(rows -> rows > 0);
    }
}
