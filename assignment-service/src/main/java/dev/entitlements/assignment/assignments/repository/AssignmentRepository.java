package dev.entitlements.assignment.assignments.repository;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
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

/** The read side of assignments: pages of the query envelope, filtered and sorted in the database. */
@ApplicationScoped
public class AssignmentRepository {

    /** Query field → column to sort on; the (tenant, column, id) indexes serve both orders. */
    private static final Map<String, String> SORT_COLUMNS = Map.of(
            "expirationDate", "expiration_date",
            "effectiveDate", "effective_date");

    private static final String STATUS = Lifecycle.sql("revoked_date", "effective_date", "expiration_date", "clock.now");

    private static final String SELECT = "id, effective_date, expiration_date, quantity, license_type, " + STATUS
            + ", created_date, revoked_date, created_by, revoked_by, trial, tenant_id = provider_tenant_id, tenant_id";

    private final Pool pool;

    public AssignmentRepository(Pool pool) {
        this.pool = pool;
    }

    /** One page of what {@code provider} assigned to {@code tenant} (itself for self assignments), and the total. */
    public Uni<PgPage> page(String provider, String tenant, ValidatedQuery q, Instant now) {
        SqlWhere where = new SqlWhere();
        String clock = where.clock(now);
        where.eq("tenant_id", tenant)
                .eq("provider_tenant_id", provider)
                .in("license_type", q.strings().get("licenseType"))
                .in("created_by", q.strings().get("createdBy"))
                .in(STATUS, q.strings().get("status"));
        if (q.booleans().containsKey("isTrial")) {
            where.eq("trial", q.booleans().get("isTrial"));
        }
        String from = "FROM assignment CROSS JOIN clock WHERE " + where.sql();
        return PgPage.fetch(pool, PgPage.statement(clock, "SELECT count(*) AS n " + from, SELECT, from, q, SORT_COLUMNS.get(q.sortField()),
                "id"), where.tuple(), AssignmentRepository::toItem);
    }

    // field names and shapes of spec §2.1; columns in the order of SELECT, from 1 (0: the total)
    private static Map<String, Object> toItem(Row r) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", r.getLong(1));
        item.put("effectiveDate", SqlValues.instant(r.getValue(2)));
        item.put("expirationDate", SqlValues.instant(r.getValue(3)));
        item.put("quantity", r.getInteger(4));
        item.put("licenseType", r.getString(5));
        item.put("status", r.getString(6));
        item.put("createdDate", SqlValues.instant(r.getValue(7)).truncatedTo(ChronoUnit.MILLIS));
        item.put("revokedDate", SqlValues.instant(r.getValue(8)));
        item.put("createdBy", r.getString(9));
        item.put("revokedBy", r.getString(10));
        item.put("isTrial", r.getBoolean(11));
        item.put("isSelfAssignment", r.getBoolean(12));
        item.put("trialAssignment", r.getBoolean(11));
        item.put("mspEcTenantId", r.getString(13));
        return item;
    }
}
