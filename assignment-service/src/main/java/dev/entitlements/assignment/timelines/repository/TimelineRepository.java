package dev.entitlements.assignment.timelines.repository;

import static dev.entitlements.common.query.SqlValues.timestamptz;

import dev.entitlements.assignment.timelines.service.TimelineCalculator.Held;
import dev.entitlements.assignment.timelines.service.TimelineCalculator.PoolLine;
import dev.entitlements.common.capacity.CapacityRule.Span;
import dev.entitlements.common.query.SqlValues;
import dev.entitlements.common.time.Lifecycle;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What a capacity timeline is computed from, read from this service's own tables (the pool copy and
 * the assignments), one statement per request: no other service is asked.
 */
@ApplicationScoped
public class TimelineRepository {

    /** One bucket's pool lines and assignments. */
    public record Bucket(String licenseType, boolean trial) {}

    /** A pool line or an assignment of a bucket (exactly one of the two is set). */
    public record Entry(Bucket bucket, PoolLine pool, Held held) {}

    /** The window and filters: license types (null: all), trial flag (null: both), to (null: open). */
    public record Window(Set<String> licenseTypes, Boolean trial, Instant from, Instant to) {

        private Object[] params(Object first, Object second) {
            return new Object[] {
                first,
                second,
                licenseTypes == null ? null : licenseTypes.toArray(String[]::new),
                trial,
                timestamptz(from),
                timestamptz(to)
            };
        }
    }

    /** The window and filters, on a table with license_type, trial, effective_date and an end expression. */
    private static String filters(String end) {
        return " AND ($3::text[] IS NULL OR license_type = ANY($3)) AND ($4::boolean IS NULL OR trial = $4)" + " AND "
                + end + " >= $5 AND ($6::timestamptz IS NULL OR effective_date <= $6)";
    }

    /**
     * An MSP's live pool lines (usable to the last millisecond of their expiry day, as the capacity
     * check reads them) and the live assignments out of them, to itself and to its customers.
     */
    private static final String PROVIDER = "SELECT 0, license_type, trial, external_id, sku, effective_date,"
            + " " + Lifecycle.usableUntilSql("expiration_date") + ", quantity, NULL::bigint FROM pool"
            // $2 (the acting MSP of RECEIVED) is null here; named so both statements take the same parameters
            + " WHERE provider_tenant_id = $1 AND cancelled_date IS NULL AND $2::text IS NULL"
            + filters(Lifecycle.usableUntilSql("expiration_date"))
            + " UNION ALL SELECT 1, license_type, trial, tenant_id, provider_tenant_id, effective_date, expiration_date,"
            + " quantity, id FROM assignment WHERE provider_tenant_id = $1 AND revoked_date IS NULL"
            + filters("expiration_date");

    /** The live assignments a tenant received (from {@code $2} only, when given). */
    private static final String RECEIVED =
            "SELECT 2, license_type, trial, tenant_id, provider_tenant_id, effective_date,"
                    + " expiration_date, quantity, id FROM assignment"
                    + " WHERE tenant_id = $1 AND ($2::text IS NULL OR provider_tenant_id = $2) AND revoked_date IS NULL"
                    + filters("expiration_date");

    private final Pool pool;

    public TimelineRepository(Pool pool) {
        this.pool = pool;
    }

    /** An MSP's pools and everything assigned out of them. */
    public Uni<List<Entry>> provider(String provider, Window w) {
        return read(PROVIDER, w.params(provider, null));
    }

    /**
     * What {@code tenant} received, as both its capacity and its commitment: a customer holds what it
     * was given and passes nothing on (docs/decisions.md, Capacity timeline).
     *
     * @param from null: from every provider; else the MSP acting for it, which sees its own assignments only
     */
    public Uni<List<Entry>> received(String tenant, String from, Window w) {
        return read(RECEIVED, w.params(tenant, from));
    }

    private Uni<List<Entry>> read(String sql, Object[] params) {
        return pool.preparedQuery(sql)
                .execute(Tuple.from(Arrays.asList(params)))
                .map(TimelineRepository::entries);
    }

    private static List<Entry> entries(RowSet<Row> rows) {
        List<Entry> entries = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Bucket bucket = new Bucket(r.getString(1), r.getBoolean(2));
            Span span = new Span(SqlValues.instant(r.getValue(5)), SqlValues.instant(r.getValue(6)), r.getLong(7));
            switch (r.getInteger(0)) {
                case 0 -> entries.add(new Entry(bucket, new PoolLine(r.getString(3), r.getString(4), span), null));
                case 1 -> {
                    String tenant = r.getString(3);
                    entries.add(new Entry(bucket, null, new Held(tenant, tenant.equals(r.getString(4)), span)));
                }
                default -> {
                    // a received license is named as the entitlement read model names it (assignment:<id>)
                    PoolLine line = new PoolLine("assignment:" + r.getLong(8), null, span);
                    entries.add(new Entry(bucket, line, null));
                    entries.add(new Entry(bucket, null, new Held(r.getString(3), false, span)));
                }
            }
        }
        return entries;
    }
}
