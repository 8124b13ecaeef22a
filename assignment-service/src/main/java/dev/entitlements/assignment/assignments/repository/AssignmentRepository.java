package dev.entitlements.assignment.assignments.repository;

import dev.entitlements.common.query.PgPage;
import dev.entitlements.common.query.QueryFields;
import dev.entitlements.common.query.SqlWhere;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.common.time.Lifecycle;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** The read side of assignments: pages of the query envelope, filtered and sorted in the database. */
@ApplicationScoped
public class AssignmentRepository {

    private static final String STATUS =
            Lifecycle.sql("revoked_date", "effective_date", "expiration_date", "clock.now");

    /** The assignments, with the columns a query field names that the table does not hold. */
    private static final String SOURCE = "(SELECT a.*, " + STATUS
            + " AS status, a.tenant_id = a.provider_tenant_id AS self_assignment FROM assignment a CROSS JOIN clock) a";

    private final Pool pool;

    public AssignmentRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * One page of what {@code provider} assigned to {@code tenant} (itself for self assignments), and
     * the total; the (tenant, sort column, id) indexes serve both orders.
     */
    public <T extends Record> Uni<PgPage<T>> page(
            QueryFields<T> fields, String provider, String tenant, ValidatedQuery q, Instant now) {
        SqlWhere where = new SqlWhere();
        String clock = where.clock(now);
        where.eq("tenant_id", tenant).eq("provider_tenant_id", provider);
        fields.filter(where, q);
        String from = "FROM " + SOURCE + " WHERE " + where.sql();
        return PgPage.fetch(
                pool,
                PgPage.statement(
                        clock, "SELECT count(*) AS n " + from, fields.select(), from, q, fields.sortColumn(q), "id"),
                where.tuple(),
                fields::read);
    }
}
