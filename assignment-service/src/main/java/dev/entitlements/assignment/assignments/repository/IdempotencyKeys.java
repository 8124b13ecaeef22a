package dev.entitlements.assignment.assignments.repository;

import static dev.entitlements.common.query.SqlValues.timestamptz;

import dev.entitlements.assignment.config.AssignmentConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/** The answers given to {@code Idempotency-Key}s, per calling tenant, for the configured retention. */
@ApplicationScoped
public class IdempotencyKeys {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);

    /** A stored answer and the hash of the request it answered. */
    public record Stored(String requestHash, JsonObject response) {}

    private final Pool pool;
    private final AssignmentConfig config;
    private final Clock clock;

    public IdempotencyKeys(Pool pool, AssignmentConfig config, Clock clock) {
        this.pool = pool;
        this.config = config;
        this.clock = clock;
    }

    /** The live answer to a key, or null. */
    public Uni<Stored> find(String scope, String key, Instant now) {
        return pool.preparedQuery(
                        "SELECT request_hash, response FROM idempotency_key WHERE scope_tenant_id = $1 AND idempotency_key = $2"
                                + " AND created_date > $3")
                .execute(Tuple.of(scope, key, timestamptz(oldestLive(now))))
                .map(IdempotencyKeys::stored);
    }

    private static Stored stored(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row r = rows.iterator().next();
        return new Stored(r.getString(0), (JsonObject) r.getValue(1));
    }

    /**
     * Holds the key for the rest of the transaction and reads its live answer: a concurrent create
     * with the same key waits here until this one commits or rolls back, then finds its answer —
     * rather than failing the capacity check the first one's licenses now fill.
     */
    public Uni<Stored> lockAndFind(SqlConnection tx, String scope, String key, Instant now) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1 || ':' || $2, 0))")
                .execute(Tuple.of(scope, key))
                .chain(() -> tx.preparedQuery(
                                "SELECT request_hash, response FROM idempotency_key WHERE scope_tenant_id = $1"
                                        + " AND idempotency_key = $2 AND created_date > $3")
                        .execute(Tuple.of(scope, key, timestamptz(oldestLive(now)))))
                .map(IdempotencyKeys::stored);
    }

    /**
     * Stores the answer on the create's transaction. A live row of the key (another request with
     * the key committed first) is kept; the caller must then roll back and answer from {@link #find}.
     *
     * @return false when the key was taken
     */
    public Uni<Boolean> save(
            SqlConnection tx, String scope, String key, String requestHash, JsonObject response, Instant now) {
        // a concurrent insert of the same key waits here for the other transaction, then conflicts
        return tx.preparedQuery(
                        "INSERT INTO idempotency_key (scope_tenant_id, idempotency_key, request_hash, response, created_date)"
                                + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (scope_tenant_id, idempotency_key) DO UPDATE SET"
                                + " request_hash = EXCLUDED.request_hash, response = EXCLUDED.response, created_date = EXCLUDED.created_date"
                                + " WHERE idempotency_key.created_date <= $6 RETURNING 1")
                .execute(Tuple.from(
                        new Object[] {scope, key, requestHash, response, timestamptz(now), timestamptz(oldestLive(now))
                        }))
                .map(rows -> rows.size() > 0);
    }

    /** Keys past their retention answer nothing any more; their rows go. */
    @Scheduled(
            every = "1h",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> purge() {
        return pool.preparedQuery("DELETE FROM idempotency_key WHERE created_date <= $1")
                .execute(Tuple.of(timestamptz(oldestLive(clock.instant()))))
                .invoke(rows -> LOG.debugf("purged %d expired idempotency keys", rows.rowCount()))
                .replaceWithVoid();
    }

    private Instant oldestLive(Instant now) {
        return now.minus(config.idempotency().retention());
    }
}
