package dev.entitlements.sync.request.repository;

import dev.entitlements.sync.config.SyncConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * Who runs which refresh ({@code sync_request.owner}, {@code lease_until}): the instance that runs
 * a refresh renews its lease while it works; a refresh whose lease ran out belonged to an instance
 * that died, and any instance may take it over. Times are the database's, one clock for all
 * replicas.
 */
@ApplicationScoped
public class SyncLeases {

    /** A refresh taken over from an instance that stopped renewing it. */
    public record TakenOver(UUID id, String tenantId, int attempts) {}

    /** This instance, as the owner of the refreshes it runs. */
    private final String instance = UUID.randomUUID() + "@" + hostname();

    private final Pool pool;
    private final Duration lease;

    public SyncLeases(Pool pool, SyncConfig config) {
        this.pool = pool;
        this.lease = config.lease().duration();
    }

    public String instance() {
        return instance;
    }

    /** {@code now() + lease}, in SQL, with the lease as parameter {@code $n}. */
    public static String leaseEnd(int n) {
        return "now() + make_interval(secs => $" + n + ")";
    }

    public double leaseSeconds() {
        return lease.toMillis() / 1000.0;
    }

    /** Renews the lease of a refresh this instance runs; false when it is not (any more) this instance's. */
    public Uni<Boolean> renew(UUID id) {
        return pool.preparedQuery("UPDATE sync_request SET lease_until = " + leaseEnd(3)
                        + " WHERE id = $1 AND owner = $2" + " AND state IN ('QUEUED', 'RUNNING')")
                .execute(Tuple.of(id, instance, leaseSeconds()))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Takes over one refresh whose lease ran out, the longest-stale first; other instances skip the
     * row this one locks, so each stale refresh is taken by one instance.
     *
     * @return the refresh, its attempt count including this one, or null when none is stale
     */
    public Uni<TakenOver> takeOverOne() {
        return pool.preparedQuery(
                        "UPDATE sync_request SET owner = $1, lease_until = " + leaseEnd(2)
                                + ", attempts = attempts + 1,"
                                + " updated_at = now() WHERE id = (SELECT id FROM sync_request WHERE state IN ('QUEUED', 'RUNNING')"
                                + " AND lease_until < now() ORDER BY lease_until FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING id, tenant_id, attempts")
                .execute(Tuple.of(instance, leaseSeconds()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new TakenOver(r.getUUID(0), r.getString(1), r.getInteger(2));
                });
    }

    private static String hostname() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown-host";
        }
    }
}
