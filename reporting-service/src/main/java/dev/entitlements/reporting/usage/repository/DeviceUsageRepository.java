package dev.entitlements.reporting.usage.repository;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.entitlements.common.query.SqlValues;
import dev.entitlements.contract.events.DeviceUsageReported;
import dev.entitlements.reporting.usage.service.DailyUsage;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class DeviceUsageRepository implements PanacheRepository<DeviceUsage> {

    /**
     * Stores a snapshot in the caller's transaction; of two snapshots for the same day the one
     * reported later wins, whatever order they arrive in.
     */
    public Uni<Void> upsert(SqlConnection tx, DeviceUsageReported usage, Instant reportedAt) {
        return tx.preparedQuery("""
                INSERT INTO device_usage (tenant_id, license_type, device_type, usage_date, device_count, used_quantity, reported_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT ON CONSTRAINT device_usage_day DO UPDATE
                   SET device_count = EXCLUDED.device_count, used_quantity = EXCLUDED.used_quantity,
                       reported_at = EXCLUDED.reported_at
                 WHERE device_usage.reported_at <= EXCLUDED.reported_at
                """)
                .execute(Tuple.from(List.of(usage.tenantId(), usage.licenseType(), usage.deviceType(), usage.date(),
                        usage.deviceCount(), usage.usedQuantity(), SqlValues.timestamptz(reportedAt))))
                .replaceWithVoid();
    }

    /**
     * One row per day of [from, to] (days without a snapshot count zero), oldest first, sliced by
     * offset/limit in the database.
     */
    public Uni<List<DailyUsage>> daily(String tenantId, String licenseType, LocalDate from, LocalDate to, int offset, int limit) {
        return getSession().chain(s -> s.createNativeQuery("""
                SELECT CAST(d.day AS DATE), COALESCE(SUM(u.used_quantity), 0), COALESCE(SUM(u.device_count), 0)
                  FROM generate_series(CAST(?3 AS DATE), CAST(?4 AS DATE), INTERVAL '1 day') AS d(day)
                  LEFT JOIN device_usage u
                    ON u.usage_date = CAST(d.day AS DATE) AND u.tenant_id = ?1 AND u.license_type = ?2
                 GROUP BY d.day
                 ORDER BY d.day
                 OFFSET ?5 LIMIT ?6
                """, Object[].class)
                .setParameter(1, tenantId)
                .setParameter(2, licenseType)
                .setParameter(3, from)
                .setParameter(4, to)
                .setParameter(5, offset)
                .setParameter(6, limit)
                .getResultList())
                .map(rows -> rows.stream()
                        .map(r -> new DailyUsage(toDate(r[0]), ((Number) r[1]).longValue(), ((Number) r[2]).longValue()))
                        .toList());
    }

    private static LocalDate toDate(Object value) {
        return value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value;
    }
}
