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
}
