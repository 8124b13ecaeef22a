package dev.entitlements.common.outbox;

import dev.entitlements.common.messaging.DeadLetterCounter;
import dev.entitlements.contract.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.opentelemetry.api.trace.Span;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox to Kafka: in one transaction per batch it takes the oldest rows in seq
 * order, sends them with an idempotent producer, waits for every acknowledgement and deletes them
 * (cheaper for PostgreSQL than marking them sent and purging later: one dead tuple per row
 * instead of a new row version, its index entries and a second delete). A crash before the delete
 * means the batch is sent again: delivery is at least once, and
 * consumers deduplicate by event id. Only one instance relays at a time (a transaction-scoped
 * advisory lock), so records of one key keep their order across instances.
 *
 * <p>Its metrics: records published ({@code outbox_published_total}), the rows not yet published and
 * the age of the oldest ({@code outbox_backlog_rows}, {@code outbox_oldest_age_seconds}: read from the
 * table every {@code outbox.relay.stats-interval}, not at each scrape, and the age keeps growing between
 * two reads and while the database cannot be read), dead letters once published
 * ({@link DeadLetterCounter}), and the relay producer's own Kafka client metrics
 * ({@code kafka_producer_*{client_id="<service>-outbox"}}).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory lock id of the relay: any constant shared by the instances of one service. */
    private static final long RELAY_LOCK = 0x0_7B0C5L;
    /** idle_in_transaction_session_timeout of a relay transaction: above the producer's max block + delivery timeout (40 s). */
    private static final String RELAY_IDLE_IN_TRANSACTION = "60s";

    /** Records published (Prometheus: {@code outbox_published_total}). */
    public static final String PUBLISHED = "outbox.published";
    /** Rows not yet published (Prometheus: {@code outbox_backlog_rows}). */
    public static final String BACKLOG = "outbox.backlog";
    /** Age of the oldest row not yet published, 0 when none (Prometheus: {@code outbox_oldest_age_seconds}). */
    public static final String OLDEST_AGE = "outbox.oldest.age";

    private final Pool pool;
    private final OutboxConfig config;
    private final KafkaProducer<String, String> producer;
    private final OutboxTracing tracing;
    private final Counter published;
    private final DeadLetterCounter deadLetters;
    private final KafkaClientMetrics producerMetrics;
    private final DrainLoop drain;
    /** The last read of the table ({@link #refreshStats}); the age grows from it between reads. */
    private volatile Stats stats = new Stats(0, 0, System.nanoTime());

    /** Rows waiting, the oldest one's age as the database saw it, and when that was read ({@code nanoTime}). */
    private record Stats(long rows, double oldestAgeSeconds, long readAt) {

        double oldestAgeNow() {
            return rows == 0 ? 0 : oldestAgeSeconds + (System.nanoTime() - readAt) / 1e9;
        }
    }

    /**
     * @param kafka the service's Kafka client settings (every {@code kafka.*} property or {@code KAFKA_*}
     *              variable, as Quarkus collects them for its clients): the bootstrap servers, and TLS or
     *              SASL where the broker asks for them, reach this producer as they reach the consumers
     */
    public OutboxRelay(
            Pool pool,
            OutboxConfig config,
            MeterRegistry registry,
            DeadLetterCounter deadLetters,
            OutboxTracing tracing,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "quarkus.application.name") String application) {
        this.pool = pool;
        this.config = config;
        this.tracing = tracing;
        Properties props = new Properties();
        props.putAll(kafka);
        // a consumer's setting: a producer would only warn about it
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        // what the relay's guarantees rest on, whatever the shared settings say
        props.put(ProducerConfig.CLIENT_ID_CONFIG, application + "-outbox");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        // a pass waits for its acknowledgements inside its transaction: bound that wait well below
        // RELAY_IDLE_IN_TRANSACTION (Kafka's default delivery timeout is 120 s)
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        this.published = Counter.builder(PUBLISHED)
                .description("records published from the outbox")
                .register(registry);
        this.deadLetters = deadLetters;
        Gauge.builder(BACKLOG, this, r -> r.stats.rows())
                .description("outbox rows not yet published to Kafka")
                .baseUnit("rows")
                .register(registry);
        Gauge.builder(OLDEST_AGE, this, r -> r.stats.oldestAgeNow())
                .description("age of the oldest outbox row not yet published to Kafka (0: none)")
                .baseUnit("seconds")
                .register(registry);
        this.producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);
        this.drain = new DrainLoop(
                this::relayBatch,
                config.batchSize(),
                e -> LOG.warnf("outbox relay failed, retrying at the next poll: %s (cause: %s)", e, e.getCause()));
    }

    /** Catches whatever a wake-up missed: rows of a crashed instance, rows of other instances. */
    @Scheduled(
            every = "${outbox.relay.interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        wake();
    }

    /**
     * Reads the backlog and the age of its oldest row for the gauges: two index reads on the primary key
     * and a count of the rows left (a handful, unless Kafka has been away). A failed read keeps the
     * last one, whose age goes on growing.
     */
    @Scheduled(
            every = "${outbox.relay.stats-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refreshStats() {
        return pool.query("SELECT count(*) AS backlog,"
                        + " COALESCE(EXTRACT(EPOCH FROM (now() - (SELECT created_at FROM outbox ORDER BY seq LIMIT 1))), 0)::float8"
                        + " AS oldest FROM outbox")
                .execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    stats = new Stats(row.getLong("backlog"), Math.max(0, row.getDouble("oldest")), System.nanoTime());
                })
                .replaceWithVoid()
                .onFailure()
                .invoke(e -> LOG.debugf("outbox statistics not read: %s", e))
                .onFailure()
                .recoverWithNull();
    }

    /** Runs relay passes until the outbox is empty; a wake-up during a pass causes another pass. */
    public void wake() {
        if (!config.enabled()) {
            return;
        }
        drain.wake();
    }

    /** One batch in one transaction; the number of rows published. */
    Uni<Integer> relayBatch() {
        // the pool's sessions end a transaction idle for 10 s (DatabaseTimeouts); this one is idle while
        // Kafka acknowledges (at most MAX_BLOCK + DELIVERY_TIMEOUT), so it gets its own, local limit
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT pg_try_advisory_xact_lock($1),"
                        + " set_config('idle_in_transaction_session_timeout', $2, true)")
                .execute(Tuple.of(RELAY_LOCK, RELAY_IDLE_IN_TRANSACTION))
                .chain(lock -> lock.iterator().next().getBoolean(0)
                        ? publish(tx)
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> publish(SqlConnection tx) {
        return tx.preparedQuery("SELECT seq, topic, record_key, record_value, headers::text AS headers,"
                        + " traceparent, tracestate FROM outbox"
                        + " ORDER BY seq LIMIT $1")
                .execute(Tuple.of(config.batchSize()))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    List<Long> seqs = new ArrayList<>(rows.size());
                    List<ProducerRecord<String, String>> records = new ArrayList<>(rows.size());
                    List<OutboxTracing.StoredContext> traces = new ArrayList<>(rows.size());
                    Map<String, Integer> deadLettered = new HashMap<>();
                    for (Row row : rows) {
                        seqs.add(row.getLong("seq"));
                        ProducerRecord<String, String> record = toRecord(row);
                        records.add(record);
                        traces.add(new OutboxTracing.StoredContext(
                                row.getString("traceparent"), row.getString("tracestate")));
                        if (Topics.isDeadLetter(record.topic())) {
                            deadLettered.merge(record.topic(), 1, Integer::sum);
                        }
                    }
                    // the producer may block on metadata: send from a worker thread, never the event loop
                    return Uni.createFrom()
                            .item(() -> sendAll(records, traces))
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                            .chain(() -> tx.preparedQuery("DELETE FROM outbox WHERE seq = ANY($1)")
                                    .execute(Tuple.of(seqs.toArray(Long[]::new))))
                            .invoke(() -> {
                                published.increment(seqs.size());
                                deadLettered.forEach(deadLetters::sent);
                            })
                            .replaceWith(seqs.size());
                });
    }

    /**
     * Sends the batch and waits for every acknowledgement. Each record is published in a PRODUCER span,
     * child of the trace its row was written in, ended when Kafka answers for it ({@link OutboxTracing}).
     */
    private Void sendAll(List<ProducerRecord<String, String>> records, List<OutboxTracing.StoredContext> traces) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ProducerRecord<String, String> r = records.get(i);
            Span span = tracing.publish(r, traces.get(i));
            try {
                acks.add(producer.send(r, (metadata, failure) -> OutboxTracing.sent(span, metadata, failure)));
            } catch (RuntimeException e) { // refused before sending (e.g. no metadata within max.block.ms)
                OutboxTracing.sent(span, null, e);
                throw e;
            }
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing the outbox", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("Kafka refused an outbox record", e.getCause());
            }
        }
        return null;
    }

    private static ProducerRecord<String, String> toRecord(Row row) {
        ProducerRecord<String, String> record = new ProducerRecord<>(
                row.getString("topic"), row.getString("record_key"), row.getString("record_value"));
        JsonObject headers = new JsonObject(row.getString("headers"));
        headers.forEach(h ->
                record.headers().add(h.getKey(), String.valueOf(h.getValue()).getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    @PreDestroy
    void close() {
        producerMetrics.close();
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
