package dev.entitlements.entitlement.banners.repository;

import dev.entitlements.common.query.SqlValues;
import dev.entitlements.common.query.SqlWhere;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.entitlement.entitlements.repository.EntitlementRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * The expiry situation of a tenant's licenses, grouped by license type, trial flag, usage type and
 * banner category, computed in the database over the entitlement read model.
 */
@ApplicationScoped
public class BannerRepository {

    /** One group of licenses in the same banner category. */
    public record Group(
            String licenseType,
            boolean trial,
            String usageType,
            String category,
            long quantity,
            long licenses,
            Instant firstExpiration,
            Instant lastExpiration) {}

    /**
     * The moments that separate the categories, computed by the caller from "now" and the thresholds.
     *
     * @param initialFrom    licenses expiring up to here (and after {@code closeFrom}) are INITIAL
     * @param closeFrom      licenses expiring up to here are CLOSE_TO_EXPIRATION
     * @param graceFrom      expired licenses that expired after this are in their GRACE_PERIOD
     * @param afterGraceFrom expired licenses that left grace after this are AFTER_GRACE_PERIOD (while nothing valid is left)
     */
    public record Thresholds(
            Instant now, Instant initialFrom, Instant closeFrom, Instant graceFrom, Instant afterGraceFrom) {}

    private final Pool pool;

    public BannerRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Group>> groups(String tenantId, ValidatedQuery filters, Thresholds t) {
        SqlWhere where = new SqlWhere();
        String now = where.param(t.now());
        String initial = where.param(t.initialFrom());
        String close = where.param(t.closeFrom());
        String grace = where.param(t.graceFrom());
        String end = EntitlementRepository.usableUntil("e.");
        String category = "CASE WHEN e.effective_date <= " + now + " AND " + end + " >= " + now
                + " AND e.expiration_date <= " + close
                + " THEN 'CLOSE_TO_EXPIRATION'"
                + " WHEN e.effective_date <= " + now + " AND e.expiration_date > " + close
                + " AND e.expiration_date <= " + initial
                + " THEN 'INITIAL'"
                + " WHEN " + end + " < " + now + " AND e.expiration_date >= " + grace + " THEN 'GRACE_PERIOD'"
                + " WHEN e.expiration_date < " + grace
                + " AND NOT EXISTS (SELECT 1 FROM entitlement v WHERE v.tenant_id = e.tenant_id"
                + " AND v.license_type = e.license_type AND v.trial = e.trial AND v.usage_type = e.usage_type"
                + " AND v.cancelled_date IS NULL AND v.effective_date <= " + now + " AND "
                + EntitlementRepository.usableUntil("v.") + " >= "
                + now + ") THEN 'AFTER_GRACE_PERIOD' END";
        where.eq("e.tenant_id", tenantId)
                .in("e.license_type", filters.strings().get("licenseType"))
                .in("e.usage_type", filters.strings().get("usageType"));
        if (filters.booleans().containsKey("isTrial")) {
            where.eq("e.trial", filters.booleans().get("isTrial"));
        }
        String sql =
                "SELECT license_type, trial, usage_type, category, sum(quantity), count(*), min(expiration_date), max(expiration_date)"
                        + " FROM (SELECT e.license_type, e.trial, e.usage_type, e.quantity, e.expiration_date, "
                        + category + " AS category"
                        + " FROM entitlement e WHERE e.cancelled_date IS NULL AND e.expiration_date >= "
                        + where.param(t.afterGraceFrom())
                        + " AND e.expiration_date <= " + initial + " AND " + where.sql() + ") x"
                        + " WHERE category IS NOT NULL GROUP BY license_type, trial, usage_type, category";
        return pool.preparedQuery(sql).execute(where.tuple()).map(rows -> {
            List<Group> groups = new java.util.ArrayList<>(rows.size());
            rows.forEach(r -> groups.add(new Group(
                    r.getString(0),
                    r.getBoolean(1),
                    r.getString(2),
                    r.getString(3),
                    r.getNumeric(4).longValue(),
                    r.getLong(5),
                    SqlValues.instant(r.getValue(6)),
                    SqlValues.instant(r.getValue(7)))));
            return groups;
        });
    }
}
