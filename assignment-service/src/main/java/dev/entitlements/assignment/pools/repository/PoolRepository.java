package dev.entitlements.assignment.pools.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.entitlements.common.capacity.CapacityRule.Span;
import dev.entitlements.common.query.SqlValues;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads the pool copy for the capacity rule. */
@ApplicationScoped
public class PoolRepository {

    /**
     * The live pools of one bucket as spans of the capacity rule (usable to the last millisecond of
     * the expiry day).
     */
    public Uni<List<Span>> spans(SqlClient client, String provider, String licenseType, boolean trial) {
        return client.preparedQuery("SELECT effective_date, expiration_date, quantity FROM pool WHERE provider_tenant_id = $1"
                + " AND license_type = $2 AND trial = $3 AND cancelled_date IS NULL")
                .execute(Tuple.of(provider, licenseType, trial))
                .map(rows -> {
                    List<Span> spans = new java.util.ArrayList<>(rows.size());
                    rows.forEach(r -> spans.add(new Span(SqlValues.instant(r.getValue(0)),
                            SqlValues.instant(r.getValue(1)).plusMillis(999), r.getInteger(2))));
                    return spans;
                });
    }
}
