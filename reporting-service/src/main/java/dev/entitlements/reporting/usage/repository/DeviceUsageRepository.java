package dev.entitlements.reporting.usage.repository;

import dev.entitlements.common.query.BatchColumns;
import dev.entitlements.contract.Vocabulary;
import dev.entitlements.contract.events.DeviceUsageReported;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

@ApplicationScoped
public class DeviceUsageRepository {

    private final Pool pool;

    public DeviceUsageRepository(Pool pool) {
        this.pool = pool;
    }

    /** What a tenant's devices of one type use of one license type on the tenant's latest reported day. */
    public record Devices(
            String tenantId, String licenseType, String deviceType, long deviceCount, long usedQuantity) {}

    /** A tenant's usage of one license type on its latest reported day, all device types summed. */
    public record Current(String licenseType, long usedQuantity, long deviceCount) {}

    /**
     * Per tenant and license type, the latest reported day up to {@code day}, by device type: one
     * statement for any number of tenants (an MSP's customers).
     */
    public Uni<List<Devices>> latest(Collection<String> tenantIds, LocalDate day) {
        return latest(pool, tenantIds, day);
    }

    /** The same on {@code client}: a transaction that must see its own writes. */
    public Uni<List<Devices>> latest(
            io.vertx.mutiny.sqlclient.SqlClient client, Collection<String> tenantIds, LocalDate day) {
        return client.preparedQuery("""
                SELECT u.tenant_id, u.license_type, u.device_type, u.device_count, u.used_quantity
                  FROM device_usage u
                  JOIN (SELECT tenant_id, license_type, max(usage_date) AS latest FROM device_usage
                         WHERE tenant_id = ANY($1) AND usage_date <= $2 GROUP BY tenant_id, license_type) l
                    ON u.tenant_id = l.tenant_id AND u.license_type = l.license_type AND u.usage_date = l.latest
                 ORDER BY u.tenant_id, u.license_type, u.device_type""")
                .execute(Tuple.of(tenantIds.toArray(String[]::new), day))
                .map(rows -> {
                    List<Devices> devices = new java.util.ArrayList<>(rows.size());
                    for (io.vertx.mutiny.sqlclient.Row r : rows) {
                        devices.add(new Devices(
                                r.getString(0), r.getString(1), r.getString(2), r.getLong(3), r.getLong(4)));
                    }
                    return devices;
                });
    }

    /** For each license type, the usage of the tenant's latest day up to {@code day}. */
    public Uni<Map<String, Current>> current(String tenantId, LocalDate day) {
        return latest(List.of(tenantId), day).map(devices -> {
            Map<String, Current> current = new java.util.HashMap<>();
            for (Devices d : devices) {
                current.merge(
                        d.licenseType(),
                        new Current(d.licenseType(), d.usedQuantity(), d.deviceCount()),
                        (a, b) -> new Current(
                                a.licenseType(),
                                a.usedQuantity() + b.usedQuantity(),
                                a.deviceCount() + b.deviceCount()));
            }
            return current;
        });
    }

    /** A month's last reported day of a tenant's usage of one license type, all device types summed. */
    public record Month(LocalDate month, long deviceCount, long usedQuantity) {}

    /** For each month of [from, to] with a report, its last reported day (up to {@code to}). */
    public Uni<List<Month>> monthly(String tenantId, String licenseType, LocalDate from, LocalDate to) {
        return pool.preparedQuery("""
                SELECT DISTINCT ON (date_trunc('month', usage_date)) date_trunc('month', usage_date)::date, devices, used FROM (
                    SELECT usage_date, sum(device_count) AS devices, sum(used_quantity) AS used FROM device_usage
                     WHERE tenant_id = $1 AND license_type = $2 AND usage_date BETWEEN $3 AND $4 GROUP BY usage_date) d
                 ORDER BY date_trunc('month', usage_date), usage_date DESC""")
                .execute(Tuple.of(tenantId, licenseType, from, to))
                .map(rows -> {
                    List<Month> months = new java.util.ArrayList<>(rows.size());
                    for (io.vertx.mutiny.sqlclient.Row r : rows) {
                        months.add(new Month(r.getLocalDate(0), r.getLong(1), r.getLong(2)));
                    }
                    return months;
                });
    }

    /** Per tenant and license type, the most licenses used on one day of {@code days} days up to {@code day}. */
    public Uni<Map<List<String>, Long>> peak(Collection<String> tenantIds, LocalDate day, int days) {
        return pool.preparedQuery("""
                SELECT tenant_id, license_type, max(used) FROM (
                    SELECT tenant_id, license_type, usage_date, sum(used_quantity) AS used FROM device_usage
                     WHERE tenant_id = ANY($1) AND usage_date <= $2 AND usage_date > $2 - $3::int
                     GROUP BY tenant_id, license_type, usage_date) d
                 GROUP BY tenant_id, license_type""")
                .execute(Tuple.of(tenantIds.toArray(String[]::new), day, days))
                .map(rows -> {
                    Map<List<String>, Long> peak = new java.util.HashMap<>();
                    for (io.vertx.mutiny.sqlclient.Row r : rows) {
                        peak.put(List.of(r.getString(0), r.getString(1)), r.getLong(2));
                    }
                    return peak;
                });
    }

    /** The row a snapshot is for. */
    private record Day(String tenantId, String licenseType, LocalDate date, String deviceType) {}

    private static final java.util.Comparator<Day> DAY_ORDER = java.util.Comparator.comparing(Day::tenantId)
            .thenComparing(Day::licenseType)
            .thenComparing(Day::date)
            .thenComparing(Day::deviceType);

    /** A snapshot and when it was reported (its event time). */
    public record Snapshot(DeviceUsageReported usage, Instant reportedAt) {}

    /** The device_usage rows of a batch, by current license type name. */
    private static final BatchColumns<Snapshot> SNAPSHOTS = BatchColumns.<Snapshot>of()
            .text(s -> s.usage().tenantId())
            .text(s -> Vocabulary.baseLicenseType(s.usage().licenseType()))
            .text(s -> s.usage().deviceType())
            .date(s -> s.usage().date())
            .int4(s -> s.usage().deviceCount())
            .int4(s -> s.usage().usedQuantity())
            .timestamptz(Snapshot::reportedAt);

    /**
     * Stores a batch of snapshots in the caller's transaction, in one statement; of two snapshots
     * for the same day the one reported later wins, whatever order they arrive in (within the batch
     * and across batches). License types are stored by their current name ({@code MSP_APSW} as
     * {@code APSW}).
     */
    public Uni<Void> upsert(SqlConnection tx, List<Snapshot> snapshots) {
        Map<Day, Snapshot> latest = new TreeMap<>(DAY_ORDER);
        for (Snapshot s : snapshots) {
            DeviceUsageReported u = s.usage();
            latest.merge(
                    new Day(u.tenantId(), Vocabulary.baseLicenseType(u.licenseType()), u.date(), u.deviceType()),
                    s,
                    (a, b) -> b.reportedAt().isBefore(a.reportedAt()) ? a : b);
        }
        if (latest.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("""
                INSERT INTO device_usage (tenant_id, license_type, device_type, usage_date, device_count, used_quantity, reported_at)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::int[], $6::int[], $7::timestamptz[])
                ON CONFLICT ON CONSTRAINT device_usage_day DO UPDATE
                   SET device_count = EXCLUDED.device_count, used_quantity = EXCLUDED.used_quantity,
                       reported_at = EXCLUDED.reported_at
                 WHERE device_usage.reported_at <= EXCLUDED.reported_at
                """)
                // in key order: concurrent batches lock rows in the same order
                .execute(SNAPSHOTS.tuple(latest.values()))
                .replaceWithVoid();
    }

    /** One snapshot row: a tenant's devices of one type on one day. */
    public record Row(LocalDate date, String tenantId, String deviceType, long deviceCount, long usedQuantity) {}

    /** The snapshots of these tenants for one license type on the days of [from, to], by day. */
    public Uni<List<Row>> days(Collection<String> tenantIds, String licenseType, LocalDate from, LocalDate to) {
        return pool.preparedQuery("""
                SELECT usage_date, tenant_id, device_type, device_count, used_quantity FROM device_usage
                 WHERE tenant_id = ANY($1) AND license_type = $2 AND usage_date BETWEEN $3 AND $4
                 ORDER BY usage_date, tenant_id, device_type""")
                .execute(Tuple.of(tenantIds.toArray(String[]::new), licenseType, from, to))
                .map(rows -> {
                    List<Row> days = new java.util.ArrayList<>(rows.size());
                    for (io.vertx.mutiny.sqlclient.Row r : rows) {
                        days.add(
                                new Row(r.getLocalDate(0), r.getString(1), r.getString(2), r.getLong(3), r.getLong(4)));
                    }
                    return days;
                });
    }
}
