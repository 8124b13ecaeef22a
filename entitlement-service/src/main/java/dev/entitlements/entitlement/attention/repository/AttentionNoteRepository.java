package dev.entitlements.entitlement.attention.repository;

import static dev.entitlements.common.query.SqlValues.timestamptz;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.entitlements.common.query.PgPage;
import dev.entitlements.common.query.SqlValues;
import dev.entitlements.common.query.SqlWhere;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.common.time.Lifecycle;
import dev.entitlements.contract.events.AttentionRaised;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** The attention notes of each tenant: written from events, read in pages of the query envelope. */
@ApplicationScoped
public class AttentionNoteRepository {

    /** Notes that ask the administrator to look at licenses; a failed sync is about the connection, not the licenses. */
    private static final Set<String> LICENSE_CHECK_TYPES = Set.of("POOL_EXHAUSTED", "COMPLIANCE_GAP", "STOP_COURTESY", "LICENSE_EXPIRING");

    /** Same rule as every other status; an open end never expires. */
    private static final String STATUS = Lifecycle.sql("NULL", "start_date", "end_date", "clock.now");

    private static final Map<String, String> COLUMNS = Map.ofEntries(
            Map.entry("id", "id"),
            Map.entry("type", "type"),
            Map.entry("tenantType", "tenant_type"),
            Map.entry("status", STATUS),
            Map.entry("licenseType", "license_type"),
            Map.entry("licenseCheck", "license_check"),
            Map.entry("summary", "summary"),
            Map.entry("details", "details"),
            Map.entry("startDate", "start_date"),
            Map.entry("endDate", "end_date"),
            Map.entry("createdDate", "created_date"),
            Map.entry("updatedDate", "updated_date"));

    private static final String SELECT = "id, type, tenant_type, " + STATUS
            + ", license_type, license_check, summary, details, start_date, end_date, created_date, updated_date";

    private final Pool pool;

    public AttentionNoteRepository(Pool pool) {
        this.pool = pool;
    }

    public static String column(String field) {
        return COLUMNS.get(field);
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
                .execute(Tuple.from(new Object[] { n.tenantId(), n.noteId(), n.type(), n.tenantType(), n.licenseType(),
                        LICENSE_CHECK_TYPES.contains(n.type()), n.summary(), n.details(), timestamptz(n.startDate()),
                        timestamptz(n.endDate()), timestamptz(eventTime) }))
                .replaceWithVoid();
    }

    /** One page of the tenant's notes and the number of all matching ones. */
    public Uni<PgPage> page(String tenantId, ValidatedQuery q, Instant now) {
        SqlWhere where = new SqlWhere();
        String clock = where.clock(now);
        where.eq("tenant_id", tenantId)
                .in("type", q.strings().get("type"))
                .in("tenant_type", q.strings().get("tenantType"))
                .in("license_type", q.strings().get("licenseType"))
                .in(STATUS, q.strings().get("status"));
        if (q.booleans().containsKey("licenseCheck")) {
            where.eq("license_check", q.booleans().get("licenseCheck"));
        }
        String from = "FROM attention_note CROSS JOIN clock WHERE " + where.sql();
        return PgPage.fetch(pool, PgPage.statement(clock, "SELECT count(*) AS n " + from, SELECT, from, q, COLUMNS.get(q.sortField()),
                "id"), where.tuple(), AttentionNoteRepository::toItem);
    }

    // columns in the order of SELECT, from 1 (0: the total)
    private static Map<String, Object> toItem(Row r) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", r.getString(1));
        item.put("type", r.getString(2));
        item.put("tenantType", r.getString(3));
        item.put("status", r.getString(4));
        item.put("licenseType", r.getString(5));
        item.put("licenseCheck", r.getBoolean(6));
        item.put("summary", r.getString(7));
        item.put("details", r.getString(8));
        item.put("startDate", SqlValues.instant(r.getValue(9)));
        item.put("endDate", SqlValues.instant(r.getValue(10)));
        item.put("createdDate", SqlValues.instant(r.getValue(11)).truncatedTo(ChronoUnit.MILLIS));
        item.put("updatedDate", SqlValues.instant(r.getValue(12)).truncatedTo(ChronoUnit.MILLIS));
        return item;
    }
}
