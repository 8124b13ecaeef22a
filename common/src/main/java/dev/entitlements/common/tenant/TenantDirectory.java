package dev.entitlements.common.tenant;

import static dev.entitlements.common.query.SqlValues.timestamptz;

import dev.entitlements.contract.events.TenantUpserted;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * The service's copy of tenant management's directory (table {@code tenant_directory}, fed from
 * {@code tenant.events} by {@link TenantEventConsumer}): who a tenant is and which MSP manages it.
 */
@ApplicationScoped
public class TenantDirectory {

    private final Pool pool;

    public TenantDirectory(Pool pool) {
        this.pool = pool;
    }

    /** A tenant as the directory knows it. */
    public record Tenant(String tenantId, String name, String tenantType, String managedBy) {

        /** Whether {@code mspTenantId} manages this tenant. */
        public boolean isManagedBy(String mspTenantId) {
            return mspTenantId.equals(managedBy);
        }

        /** Whether some MSP manages this tenant: then it has an entitlement account, licenses or not (never 417). */
        public boolean isManaged() {
            return managedBy != null && !managedBy.isBlank();
        }
    }

    /** Applies a tenant event in the caller's (inbox) transaction; an older event than the row's last is ignored. */
    public Uni<Void> apply(SqlConnection tx, TenantUpserted t, Instant eventTime) {
        return tx.preparedQuery("""
                INSERT INTO tenant_directory (tenant_id, name, tenant_type, managed_by, event_time) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (tenant_id) DO UPDATE SET name = EXCLUDED.name, tenant_type = EXCLUDED.tenant_type,
                       managed_by = EXCLUDED.managed_by, event_time = EXCLUDED.event_time
                 WHERE tenant_directory.event_time <= EXCLUDED.event_time""")
                .execute(Tuple.of(t.tenantId(), t.name(), t.tenantType(), t.managedBy(), timestamptz(eventTime)))
                .replaceWithVoid();
    }

    public Uni<Optional<Tenant>> find(String tenantId) {
        return pool.preparedQuery(
                        "SELECT tenant_id, name, tenant_type, managed_by FROM tenant_directory WHERE tenant_id = $1")
                .execute(Tuple.of(tenantId))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(toTenant(rows.iterator().next())));
    }

    /** Whether some MSP manages the tenant: such a customer has an entitlement account even before it holds a license. */
    public Uni<Boolean> isManaged(String tenantId) {
        return find(tenantId).map(t -> t.map(Tenant::isManaged).orElse(false));
    }

    /** The customers an MSP manages, by tenant id. */
    public Uni<java.util.List<Tenant>> customersOf(String mspTenantId) {
        return pool.preparedQuery(
                        "SELECT tenant_id, name, tenant_type, managed_by FROM tenant_directory WHERE managed_by = $1 ORDER BY tenant_id")
                .execute(Tuple.of(mspTenantId))
                .map(rows -> {
                    java.util.List<Tenant> customers = new java.util.ArrayList<>(rows.size());
                    rows.forEach(r -> customers.add(toTenant(r)));
                    return customers;
                });
    }

    private static Tenant toTenant(Row r) {
        return new Tenant(r.getString(0), r.getString(1), r.getString(2), r.getString(3));
    }
}
