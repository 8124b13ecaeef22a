package dev.entitlements.sync.request.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Periodic jobs that must run once per period however many replicas schedule them: the period is
 * the database clock cut into slices of the job's interval, and the instance that inserts the
 * slice's row ({@code scheduled_run}) runs it; the others meet the row and skip.
 */
@ApplicationScoped
public class PeriodClaims {

    private final Pool pool;

    public PeriodClaims(Pool pool) {
        this.pool = pool;
    }

    /** @return whether this instance won the current period of {@code job} */
    public Uni<Boolean> claim(String job, Duration interval, String instance) {
        return pool.preparedQuery(
                        "INSERT INTO scheduled_run (job, period_start, claimed_by) VALUES ($1,"
                                + " to_timestamp(floor(extract(epoch FROM now()) / $2) * $2), $3) ON CONFLICT DO NOTHING RETURNING 1")
                .execute(Tuple.of(job, (double) Math.max(1, interval.toSeconds()), instance))
                .map(rows -> rows.size() == 1);
    }
}
