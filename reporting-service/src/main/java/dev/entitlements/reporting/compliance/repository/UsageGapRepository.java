package dev.entitlements.reporting.compliance.repository;

import static dev.entitlements.common.query.SqlValues.timestamptz;

import dev.entitlements.common.query.SqlValues;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The over-use gaps last told per tenant and license type ({@code usage_gap}): what a new note is compared with. */
@ApplicationScoped
public class UsageGapRepository {

    /** A tenant's license type. */
    public record Key(String tenantId, String licenseType) {}

    /** A gap as told: how many licenses beyond those held, open since when. */
    public record Told(long gap, Instant since) {}

    /** The gaps told to the tenants, open ones only (a closed gap has no row). */
    public Uni<Map<Key, Told>> told(SqlConnection tx, Collection<String> tenants) {
        return tx.preparedQuery("SELECT tenant_id, license_type, gap, since FROM usage_gap WHERE tenant_id = ANY($1)")
                .execute(Tuple.of(tenants.toArray(String[]::new)))
                .map(rows -> {
                    Map<Key, Told> gaps = new HashMap<>();
                    for (Row r : rows) {
                        gaps.put(
                                new Key(r.getString(0), r.getString(1)),
                                new Told(r.getLong(2), SqlValues.instant(r.getValue(3))));
                    }
                    return gaps;
                });
    }

    /** Records gaps opened or changed (a changed gap keeps the start it was told with), then drops the closed ones. */
    public Uni<Void> record(SqlConnection tx, Map<Key, Told> open, List<Key> closed) {
        Uni<?> write = Uni.createFrom().voidItem();
        if (!open.isEmpty()) {
            write = tx.preparedQuery(
                            "INSERT INTO usage_gap (tenant_id, license_type, gap, since) VALUES ($1, $2, $3, $4)"
                                    + " ON CONFLICT (tenant_id, license_type) DO UPDATE SET gap = EXCLUDED.gap")
                    .executeBatch(open.entrySet().stream()
                            .map(e -> Tuple.of(
                                    e.getKey().tenantId(),
                                    e.getKey().licenseType(),
                                    e.getValue().gap(),
                                    timestamptz(e.getValue().since())))
                            .toList());
        }
        if (!closed.isEmpty()) {
            Uni<?> opened = write;
            write = opened.chain(() -> tx.preparedQuery(
                            "DELETE FROM usage_gap WHERE tenant_id = $1 AND license_type = $2")
                    .executeBatch(closed.stream()
                            .map(k -> Tuple.of(k.tenantId(), k.licenseType()))
                            .toList()));
        }
        return write.replaceWithVoid();
    }
}
