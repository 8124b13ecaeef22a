package dev.entitlements.entitlement.attention.repository;

import static dev.entitlements.common.query.SqlValues.timestamptz;

import dev.entitlements.common.query.PgPage;
import dev.entitlements.common.query.QueryFields;
import dev.entitlements.common.query.SqlWhere;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.common.time.Lifecycle;
import dev.entitlements.contract.events.AttentionRaised;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;

/** The attention notes of each tenant: written from events, read in pages of the query envelope. */
@ApplicationScoped
public class AttentionNoteRepository {

    /** Notes that ask the administrator to look at licenses; a failed sync is about the connection, not the licenses. */
    private static final Set<String> LICENSE_CHECK_TYPES =
            Set.of("POOL_EXHAUSTED", "COMPLIANCE_GAP", "STOP_COURTESY", "LICENSE_EXPIRING");

    /** Same rule as every other status; an open end never expires. */
    private static final String STATUS = Lifecycle.sql("NULL", "start_date", "end_date", "clock.now");

    /** The notes, with the status a query field names. */
    private static final String SOURCE =
            "(SELECT n.*, " + STATUS + " AS status FROM attention_note n CROSS JOIN clock) n";

    private final Pool pool;

    public AttentionNoteRepository(Pool pool) {
        this.pool = pool;
    }

    /** A note raised (again): it takes the event's content; an older event than the note's last is ignored. */
    public Uni<Void> upsert(SqlConnection tx, AttentionRaised n, Instant eventTime) {
        return tx.preparedQuery("""
                INSERT INTO attention_note (tenant_id, id, type, tenant_type, license_type, license_check, summary, details,
                                            start_date, end_date, created_date, updated_date, event_time)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $11)
                ON CONFLICT (tenant_id, id) DO UPDATE SET type = EXCLUDED.type, tenant_type = EXCLUDED.tenant_type,
                       license_type = EXCLUDED.license_type, license_check = EXCLUDED.license_check, summary = EXCLUDED.summary,
                       details = EXCLUDED.details, start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date,
                       updated_date = EXCLUDED.event_time, event_time = EXCLUDED.event_time
                 WHERE attention_note.event_time <= EXCLUDED.event_time""")
                .execute(Tuple.from(new Object[] {
                    n.tenantId(),
                    n.noteId(),
                    n.type(),
                    n.tenantType(),
                    n.licenseType(),
                    LICENSE_CHECK_TYPES.contains(n.type()),
                    n.summary(),
                    n.details(),
                    timestamptz(n.startDate()),
                    timestamptz(n.endDate()),
                    timestamptz(eventTime)
                }))
                .replaceWithVoid();
    }

    /** One page of the tenant's notes and the number of all matching ones. */
    public <T extends Record> Uni<PgPage<T>> page(
            QueryFields<T> fields, String tenantId, ValidatedQuery q, Instant now) {
        SqlWhere where = new SqlWhere();
        String clock = where.clock(now);
        where.eq("tenant_id", tenantId);
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
