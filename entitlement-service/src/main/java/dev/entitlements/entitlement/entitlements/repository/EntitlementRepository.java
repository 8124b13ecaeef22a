package dev.entitlements.entitlement.entitlements.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.entitlements.common.query.PgPage;
import dev.entitlements.common.query.SqlValues;
import dev.entitlements.common.query.SqlWhere;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.common.time.Lifecycle;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Pages of a tenant's live entitlements, filtered and sorted in the database. The hottest read of
 * the platform, so it talks to the reactive client directly (cached prepared statements, no ORM
 * session or query-plan cache in the way): see BENCHMARKS.md.
 */
@ApplicationScoped
public class EntitlementRepository {

    /** An entitlement is usable to the last millisecond of its expiry day (docs/decisions.md, Status). */
    private static final String STATUS = Lifecycle.sql("NULL", "effective_date", usableUntil(""), "clock.now");

    /** Query field → column (or expression) it is read, filtered and sorted by. */
    private static final Map<String, String> COLUMNS = Map.ofEntries(
            Map.entry("id", "id"),
            Map.entry("tenantId", "tenant_id"),
            Map.entry("externalId", "external_id"),
            Map.entry("sku", "sku"),
            Map.entry("licenseType", "license_type"),
            Map.entry("licenseName", "license_type"),
            Map.entry("licenseDesc", "license_type"),
            Map.entry("deviceType", "device_type"),
            Map.entry("deviceSubType", "device_sub_type"),
            Map.entry("quantity", "quantity"),
            Map.entry("effectiveDate", "effective_date"),
            Map.entry("expirationDate", "expiration_date"),
            Map.entry("graceEndDate", "expiration_date"),
            Map.entry("status", STATUS),
            Map.entry("isTrial", "trial"),
            Map.entry("tempLicense", "trial"),
            Map.entry("isR1SKU", "r1_sku"),
            Map.entry("r1Sku", "r1_sku"),
            Map.entry("skuTier", "sku_tier"),
            Map.entry("usageType", "usage_type"),
            Map.entry("assignedLicense", "assigned_license"),
            Map.entry("courtesy", "courtesy"),
            Map.entry("alm", "alm"),
            Map.entry("almActivationId", "alm_activation_id"),
            Map.entry("almSoEntQuantity", "alm_so_ent_quantity"),
            Map.entry("createdDate", "created_date"),
            Map.entry("updatedDate", "updated_date"));

    private static final String SELECT = "id, external_id, sku, license_type, device_type, device_sub_type, quantity, effective_date,"
            + " expiration_date, " + STATUS + ", trial, r1_sku, sku_tier, usage_type, assigned_license, courtesy, alm,"
            + " alm_activation_id, alm_so_ent_quantity, created_date, updated_date, tenant_id";

    private final Pool pool;

    public EntitlementRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * The last instant an entitlement can be used: its stored expiration is 23:59:59 of the expiry
     * day, and it counts to the last millisecond of that second.
     *
     * @param alias the table alias with its dot ({@code "e."}), or {@code ""}
     */
    public static String usableUntil(String alias) {
        return Lifecycle.usableUntilSql(alias + "expiration_date");
    }

    /** The column a query field sorts by; every returned field is sortable. */
    public static String column(String field) {
        return COLUMNS.get(field);
    }

    /**
     * One page and the number of all matching rows.
     *
     * @param grace how long after expiry the grace period lasts ({@code graceEndDate})
     */
    public Uni<PgPage> page(String tenantId, ValidatedQuery q, Instant now, Duration grace) {
        return page(tenantId, q, now, grace, true);
    }

    /**
     * {@link #page(String, ValidatedQuery, Instant, Duration)}, with or without the
     * {@code isAssignedLicense} filter: it narrows only an MSP's view, a customer's received
     * licenses are its own (docs/decisions.md, Client compatibility).
     */
    public Uni<PgPage> page(String tenantId, ValidatedQuery q, Instant now, Duration grace, boolean assignedFilter) {
        SqlWhere where = new SqlWhere();
        String clock = where.clock(now);
        where.eq("tenant_id", tenantId);
        countableFilters(where, q, assignedFilter);
        // the tenant and the filters entitlement_count is kept by: the same columns in both tables
        String countable = where.sql();
        where.in("sku", q.strings().get("sku"))
                .in(STATUS, q.strings().get("status"))
                .range("effective_date", q.ranges().get("effectiveDate"))
                .range("expiration_date", q.ranges().get("expirationDate"));
        String live = "FROM entitlement CROSS JOIN clock WHERE cancelled_date IS NULL AND " + where.sql();
        // the total is summed from entitlement_count (kept by a trigger) when every filter is one it is
        // kept by (0.1 ms), else counted row by row (100,000 rows: about 40 ms)
        boolean summed = !q.strings().containsKey("sku") && !q.strings().containsKey("status") && q.ranges().isEmpty();
        String total = summed ? "SELECT CAST(COALESCE(sum(live), 0) AS BIGINT) AS n FROM entitlement_count WHERE " + countable
                : "SELECT count(*) AS n " + live;
        return PgPage.fetch(pool, PgPage.statement(clock, total, SELECT, live, q, COLUMNS.get(q.sortField()), "id"), where.tuple(),
                r -> toItem(r, grace));
    }

    /** Every live entitlement of one usage type (the deprecated unpaged lists), in expiration order. */
    public Uni<List<Map<String, Object>>> all(String tenantId, String usageType, Instant now, Duration grace) {
        SqlWhere where = new SqlWhere();
        String clock = where.clock(now);
        where.eq("tenant_id", tenantId).eq("usage_type", usageType);
        // column 0 stands where a page has its total, so both read items with one toItem
        return pool.preparedQuery(clock + "SELECT 0, " + SELECT + " FROM entitlement CROSS JOIN clock WHERE cancelled_date IS NULL AND "
                + where.sql() + " ORDER BY expiration_date, id")
                .execute(where.tuple())
                .map(rows -> PgPage.items(rows, r -> toItem(r, grace)));
    }

    /** The filters {@code entitlement_count} is kept by. */
    private static void countableFilters(SqlWhere where, ValidatedQuery q, boolean assignedFilter) {
        where.in("license_type", q.strings().get("licenseType"))
                .in("device_type", q.strings().get("deviceType"))
                .in("usage_type", q.strings().get("usageType"));
        if (q.booleans().containsKey("isTrial")) {
            where.eq("trial", q.booleans().get("isTrial"));
        }
        if (assignedFilter && q.booleans().containsKey("isAssignedLicense")) {
            where.eq("assigned_license", q.booleans().get("isAssignedLicense"));
        }
    }

    /** Whether the tenant has ever had an entitlement (else it has no licensing account yet: 417). */
    public Uni<Boolean> hasAccount(String tenantId) {
        return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM entitlement WHERE tenant_id = $1)").execute(Tuple.of(tenantId))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    // field names of spec §2.2 and of the UI's field list; columns in the order of SELECT, from 1 (0: the total)
    private static Map<String, Object> toItem(Row r, Duration grace) {
        Map<String, Object> item = new LinkedHashMap<>();
        String licenseType = r.getString(4);
        Instant expiration = SqlValues.instant(r.getValue(9));
        item.put("id", r.getString(1));
        item.put("tenantId", r.getString(22));
        item.put("externalId", r.getString(2));
        item.put("sku", r.getString(3));
        item.put("licenseType", licenseType);
        item.put("licenseName", LicenseTypes.name(licenseType));
        item.put("licenseDesc", LicenseTypes.description(licenseType));
        item.put("deviceType", r.getString(5));
        item.put("deviceSubType", r.getString(6));
        item.put("quantity", r.getInteger(7));
        item.put("effectiveDate", SqlValues.instant(r.getValue(8)));
        item.put("expirationDate", expiration);
        item.put("graceEndDate", expiration.plus(grace));
        item.put("status", r.getString(10));
        item.put("isTrial", r.getBoolean(11));
        item.put("tempLicense", r.getBoolean(11));
        item.put("isR1SKU", r.getBoolean(12));
        item.put("r1Sku", r.getBoolean(12));
        item.put("skuTier", r.getString(13));
        item.put("usageType", r.getString(14));
        item.put("assignedLicense", r.getBoolean(15));
        item.put("courtesy", r.getBoolean(16));
        item.put("alm", r.getBoolean(17));
        item.put("almActivationId", r.getString(18));
        item.put("almSoEntQuantity", r.getLong(19));
        item.put("createdDate", SqlValues.instant(r.getValue(20)).truncatedTo(ChronoUnit.MILLIS));
        item.put("updatedDate", SqlValues.instant(r.getValue(21)).truncatedTo(ChronoUnit.MILLIS));
        return item;
    }

}
