package dev.entitlements.entitlement.entitlements.repository;

import dev.entitlements.common.query.PgPage;
import dev.entitlements.common.query.QueryFields;
import dev.entitlements.common.query.SqlWhere;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.common.time.Lifecycle;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Pages of a tenant's live entitlements, filtered and sorted in the database. The hottest read of
 * the platform, so it talks to the reactive client directly (cached prepared statements, no ORM
 * session or query-plan cache in the way): see BENCHMARKS.md.
 */
@ApplicationScoped
public class EntitlementRepository {

    /** An entitlement is usable to the last millisecond of its expiry day (docs/decisions.md, Status). */
    private static final String STATUS = Lifecycle.sql("NULL", "effective_date", usableUntil(""), "clock.now");

    /**
     * The live entitlements, with the columns a query field names that the table does not hold: the
     * status, the display name and description of the license type, the end of the grace period.
     * PostgreSQL folds this sub-select into the statement around it, so the indexes still serve.
     *
     * @param grace placeholder of the grace period (ISO 8601 text)
     */
    private static String source(String grace) {
        return "(SELECT e.*, " + STATUS + " AS status, " + LicenseTypes.nameSql("e.license_type") + " AS license_name, "
                + LicenseTypes.descriptionSql("e.license_type") + " AS license_desc, e.expiration_date + CAST(CAST("
                + grace
                + " AS TEXT) AS INTERVAL) AS grace_end_date FROM entitlement e CROSS JOIN clock WHERE e.cancelled_date IS NULL) e";
    }

    /** The columns {@code entitlement_count} keeps its live totals by (a trigger keeps them). */
    private static final Set<String> COUNTED_BY =
            Set.of("license_type", "device_type", "usage_type", "trial", "assigned_license");

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

    /**
     * One page of the tenant's live entitlements and the number of all matching ones.
     *
     * @param grace how long after expiry the grace period lasts ({@code graceEndDate})
     */
    public <T extends Record> Uni<PgPage<T>> page(
            QueryFields<T> fields, String tenantId, ValidatedQuery q, Instant now, Duration grace) {
        SqlWhere where = new SqlWhere();
        String clock = where.clock(now);
        String source = source(where.param(grace.toString()));
        where.eq("tenant_id", tenantId);
        fields.filter(where, q);
        String live = "FROM " + source + " WHERE " + where.sql();
        // entitlement_count has the same tenant and filter columns; when it keeps every filtered one the
        // total is summed from it (0.1 ms), else counted row by row (100,000 rows: about 40 ms)
        boolean summed = COUNTED_BY.containsAll(fields.filteredColumns(q));
        String total = summed
                ? "SELECT CAST(COALESCE(sum(live), 0) AS BIGINT) AS n FROM entitlement_count WHERE " + where.sql()
                : "SELECT count(*) AS n " + live;
        return PgPage.fetch(
                pool,
                PgPage.statement(clock, total, fields.select(), live, q, fields.sortColumn(q), "id"),
                where.tuple(),
                fields::read);
    }

    /** Every live entitlement of one usage type (the deprecated unpaged lists), in expiration order. */
    public <T extends Record> Uni<List<T>> all(
            QueryFields<T> fields, String tenantId, String usageType, Instant now, Duration grace) {
        SqlWhere where = new SqlWhere();
        String clock = where.clock(now);
        String source = source(where.param(grace.toString()));
        where.eq("tenant_id", tenantId).eq("usage_type", usageType);
        // column 0 stands where a page has its total, so both read items the same way
        return pool.preparedQuery(clock + "SELECT 0, " + fields.select() + " FROM " + source + " WHERE " + where.sql()
                        + " ORDER BY expiration_date, id")
                .execute(where.tuple())
                .map(rows -> PgPage.items(rows, fields::read));
    }

    /** Whether the tenant has ever had an entitlement (else it has no licensing account yet: 417). */
    public Uni<Boolean> hasAccount(String tenantId) {
        return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM entitlement WHERE tenant_id = $1)")
                .execute(Tuple.of(tenantId))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }
}
