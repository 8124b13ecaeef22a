package dev.entitlements.infra.faults;

import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventJson;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.DeviceUsageReported;
import dev.entitlements.contract.events.PurchaseRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The steady mixed load of the fault run, through the gateway (or straight to the instances of a
 * service that runs twice: {@link Platform#baseUrl}) and the topics: keyed assignment
 * creates, updates and revokes (retried on an answer that is not definitive, with the same key),
 * PATCH /entitlements, purchase records on {@code licensing.purchases}, device-usage events, and
 * reads of every report. Every answer and every write's outcome goes to the {@link Ledger}.
 */
final class LoadMix implements AutoCloseable {

    /** The client's timeout: an answer later than this is a hung request (issue 18: answer within 10 s). */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    static final String BUYER = "fault-buyer";
    static final String USAGE = "fault-usage";
    /** One read of a report, with the body the vendor's UI sends for it (each endpoint has its own), and the service that answers it (gateway routes.txt). */
    private record Read(String service, String method, String path, String body) {}

    private static final String ASSIGNED_APSW =
            "\"filters\": {\"usageType\": \"ASSIGNED\", \"licenseType\": \"APSW\", \"isTrial\": false}";
    private static final List<Read> REPORTS = List.of(
            new Read(
                    "reporting",
                    "POST",
                    "/entitlements/utilizations/query",
                    "{\"filters\": {\"licenseType\": [\"APSW\"], \"usageType\": \"SELF\"}}"),
            new Read("reporting", "POST", "/entitlements/compliances/query", "{\"filters\": {}}"),
            new Read("reporting", "POST", "/entitlements/availabilityReports/query", null), // dated: built per read
            new Read(
                    "reporting",
                    "POST",
                    "/entitlements/mileageReports/query",
                    "{\"page\": 1, \"pageSize\": 24, " + ASSIGNED_APSW + "}"),
            new Read("reporting", "GET", "/entitlements/licenseUsageReports", null),
            new Read("reporting", "GET", "/assignments/summaries", null),
            new Read(
                    "entitlement",
                    "POST",
                    "/entitlements/query",
                    "{\"page\": 1, \"pageSize\": 20, \"filters\": {\"licenseType\": [\"APSW\"],"
                            + " \"status\": [\"VALID\"]}}"));

    private final Platform platform;
    private final Ledger ledger;
    private final Supplier<String> phase;
    private final Random random;
    private final List<String> tenants;
    private final double writesPerSecond;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ScheduledExecutorService schedule = Executors.newScheduledThreadPool(2);
    /** Writes and their retries: each waits for its answers; bounded so a long outage cannot pile up threads. */
    private final ExecutorService workers = Executors.newFixedThreadPool(48);

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong seq = new AtomicLong();
    /** Acknowledged assignments that are still live (not revoked or replaced by the load), per tenant. */
    private final ConcurrentLinkedDeque<long[]> live = new ConcurrentLinkedDeque<>();

    private final AtomicInteger inFlight = new AtomicInteger();
    private KafkaProducer<String, String> producer;
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    LoadMix(
            Platform platform,
            Ledger ledger,
            Supplier<String> phase,
            long seed,
            List<String> tenants,
            double writesPerSecond) {
        this.platform = platform;
        this.ledger = ledger;
        this.phase = phase;
        this.random = new Random(seed);
        this.tenants = tenants;
        this.writesPerSecond = writesPerSecond;
    }

    void start() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // a send while the broker is away waits up to this for it to come back, then counts as not published
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        long writeEveryMicros = (long) (1_000_000 / writesPerSecond);
        schedule.scheduleAtFixedRate(() -> submit(this::oneWrite), 0, writeEveryMicros, TimeUnit.MICROSECONDS);
        // one read a second, or a read for every three writes when the load is heavier (the soak)
        long readEveryMicros = (long) (1_000_000 / Math.max(1, writesPerSecond / 3));
        schedule.scheduleAtFixedRate(() -> submit(this::oneRead), 500_000, readEveryMicros, TimeUnit.MICROSECONDS);
        schedule.scheduleAtFixedRate(() -> submit(this::patchEntitlements), 3000, 10_000, TimeUnit.MILLISECONDS);
        schedule.scheduleAtFixedRate(() -> submit(this::onePurchase), 1000, 2000, TimeUnit.MILLISECONDS);
        schedule.scheduleAtFixedRate(() -> submit(this::oneUsage), 1500, 2000, TimeUnit.MILLISECONDS);
    }

    private void submit(Runnable task) {
        if (!running.get()) {
            return;
        }
        if (inFlight.get() >= 48) {
            ledger.answer(new Ledger.Answer(
                    phase.get(), "client", -1, 0, false, true, false, "client saturated: write skipped"));
            return;
        }
        inFlight.incrementAndGet();
        workers.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                System.err.println("[faults] load task failed: " + e);
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    /** Half creates, a quarter revokes, a quarter updates (creates when nothing is live yet). */
    private void oneWrite() {
        int dice;
        synchronized (random) {
            dice = random.nextInt(4);
        }
        long[] target = dice == 0 || dice == 1 ? null : live.pollFirst();
        if (target == null) {
            create();
        } else if (dice == 2) {
            revoke(target);
        } else {
            update(target);
        }
    }

    private String pick() {
        synchronized (random) {
            return tenants.get(random.nextInt(tenants.size()));
        }
    }

    private int quantity() {
        synchronized (random) {
            return 1 + random.nextInt(3);
        }
    }

    private void create() {
        String tenant = pick();
        String subject = "fault-c-" + seq.incrementAndGet();
        Ledger.Write w = ledger.write(Ledger.Kind.CREATE, subject, tenant, phase.get(), 0);
        String body = "{\"effectiveDate\": \"" + today + "\", \"expirationDate\": \"" + today.plusDays(29)
                + "\", \"quantity\": " + quantity() + ", \"licenseType\": \"APSW\", \"trial\": false}";
        until(
                w,
                "create",
                () -> HttpRequest.newBuilder(uri("assignment", "/tenants/self/entitlements/assignments"))
                        .header("Idempotency-Key", subject)
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                201);
        if (w.outcome == Ledger.Outcome.ACKED) {
            live.addLast(new long[] {w.assignmentId, tenants.indexOf(tenant)});
        }
    }

    private void revoke(long[] target) {
        String tenant = tenants.get((int) target[1]);
        Ledger.Write w =
                ledger.write(Ledger.Kind.REVOKE, "fault-r-" + seq.incrementAndGet(), tenant, phase.get(), target[0]);
        until(
                w,
                "revoke",
                () -> HttpRequest.newBuilder(uri("assignment", "/tenants/self/entitlements/assignments/" + target[0]))
                        .DELETE(),
                204);
    }

    private void update(long[] target) {
        String tenant = tenants.get((int) target[1]);
        Ledger.Write w =
                ledger.write(Ledger.Kind.UPDATE, "fault-u-" + seq.incrementAndGet(), tenant, phase.get(), target[0]);
        String body = "{\"quantity\": " + quantity() + ", \"expirationDate\": \"" + today.plusDays(20) + "\"}";
        until(
                w,
                "update",
                () -> HttpRequest.newBuilder(uri("assignment", "/tenants/self/entitlements/assignments/" + target[0]))
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(body)),
                200);
        if (w.outcome == Ledger.Outcome.ACKED) {
            live.addLast(new long[] {w.assignmentId, target[1]});
        }
    }

    /**
     * Sends a write until its answer is definitive: 2xx, or a 4xx (refused). 5xx, no answer and
     * timeouts are not definitive (the write may or may not have happened), so the client sends it
     * again, as the same write (same subject, same Idempotency-Key), after the server's Retry-After
     * or a second; until the load stops.
     */
    private void until(Ledger.Write w, String op, Supplier<HttpRequest.Builder> request, int success) {
        String token =
                "Bearer " + platform.issuer.mint(w.subject, w.tenant, "MSP", List.of(Roles.ADMIN), Duration.ofHours(4));
        while (true) {
            w.attempts++;
            Ledger.Answer a = send(
                    op,
                    request.get()
                            .header("Authorization", token)
                            .header("Content-Type", "application/json")
                            .header("Accept", "application/json")
                            .header("x-request-id", w.subject + "-" + w.attempts));
            if (a.status() == success) {
                w.assignmentId = lastId();
                w.outcome = Ledger.Outcome.ACKED;
                w.finalStatus = a.status();
                return;
            }
            if (a.status() >= 400 && a.status() < 500) {
                w.finalStatus = a.status();
                if (w.retried && a.status() == 409) {
                    // an earlier attempt without an answer did it: the assignment is revoked already (nobody
                    // else touches it); an update's new assignment is then found by its created_by
                    w.outcome = w.kind == Ledger.Kind.REVOKE ? Ledger.Outcome.ACKED : Ledger.Outcome.UNKNOWN;
                } else {
                    w.outcome = Ledger.Outcome.REFUSED;
                }
                return;
            }
            w.retried = true;
            if (!running.get()) {
                return; // left UNKNOWN: the checks find out from the database whether it happened
            }
            // as a polite client: exponential back-off from 0.5 s to 4 s
            sleep(Math.min(4000, 250L << Math.min(4, w.attempts)));
        }
    }

    /** Holds the last body read by {@link #send}, for the id of a created assignment. */
    private final ThreadLocal<String> lastBody = new ThreadLocal<>();

    private Ledger.Answer send(String op, HttpRequest.Builder builder) {
        String at = phase.get();
        long t0 = System.nanoTime();
        Ledger.Answer a;
        try {
            HttpResponse<String> r = http.send(builder.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String body = r.body();
            lastBody.set(body);
            boolean json = r.statusCode() == 204
                    || r.headers().firstValue("content-type").orElse("").contains("json")
                            && body.trim().startsWith("{");
            a = new Ledger.Answer(
                    at,
                    op,
                    r.statusCode(),
                    ms,
                    false,
                    json,
                    r.headers().firstValue("retry-after").isPresent(),
                    null);
        } catch (HttpTimeoutException e) {
            a = new Ledger.Answer(
                    at, op, 0, (System.nanoTime() - t0) / 1_000_000, true, false, false, "no answer within 10 s");
        } catch (IOException e) {
            a = new Ledger.Answer(
                    at,
                    op,
                    0,
                    (System.nanoTime() - t0) / 1_000_000,
                    false,
                    false,
                    false,
                    e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            a = new Ledger.Answer(at, op, 0, 0, false, false, false, "interrupted");
        }
        ledger.answer(a);
        return a;
    }

    /** The id of the assignment in the last answer (a create's or an update's). */
    private long lastId() {
        Matcher m = ID.matcher(lastBody.get() == null ? "" : lastBody.get());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private void oneRead() {
        Read read;
        synchronized (random) {
            read = REPORTS.get(random.nextInt(REPORTS.size()));
        }
        String token = "Bearer "
                + platform.issuer.mint("fault-reader", pick(), "MSP", List.of(Roles.READ_ONLY), Duration.ofMinutes(5));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(read.service(), read.path()))
                .header("Authorization", token)
                .header("Accept", "application/json");
        String body = read.body() != null || read.method().equals("GET")
                ? read.body()
                : "{\"operator\": \"MAX_QUANTITY\", \"effectiveDate\": \"" + LocalDate.now(ZoneOffset.UTC)
                        + "\", \"expirationDate\": \""
                        + LocalDate.now(ZoneOffset.UTC).plusDays(30) + "\", " + ASSIGNED_APSW + "}";
        b = body == null
                ? b.GET()
                : b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        send("read", b);
    }

    /** A sync of the tenant that the licensing stand-in knows (fire and forget: 202 and a request id). */
    private void patchEntitlements() {
        String token = "Bearer "
                + platform.issuer.mint(
                        "fault-sync", tenants.get(0), "MSP", List.of(Roles.ADMIN), Duration.ofMinutes(5));
        send(
                "sync",
                HttpRequest.newBuilder(uri("sync", "/entitlements"))
                        .header("Authorization", token)
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{}")));
    }

    /** A new order line of the buyer tenant on the ingestion topic; counted once the broker acknowledged it. */
    private void onePurchase() {
        String line = "fault-line-" + seq.incrementAndGet();
        PurchaseRecord p = new PurchaseRecord(
                BUYER,
                "acc-" + BUYER,
                line,
                "CLD-APSW-1Y",
                1,
                today.minusDays(1).toString(),
                today.plusDays(300).toString(),
                "Gold",
                null,
                null,
                null,
                null,
                null);
        publish(
                "purchase",
                new ProducerRecord<>(Topics.LICENSING_PURCHASES, BUYER, EventJson.write(p)),
                () -> ledger.purchaseLines.add(line));
    }

    private final AtomicInteger usageDay = new AtomicInteger();

    /** One day's device usage of the usage tenant, a new day each time. */
    private void oneUsage() {
        LocalDate day = today.minusDays(usageDay.getAndIncrement());
        CloudEvent e = CloudEvent.of(
                EventType.DEVICE_USAGE_REPORTED,
                "/fault-run",
                USAGE,
                new DeviceUsageReported(USAGE, day, "APSW", "WIFI", 5, 5));
        ProducerRecord<String, String> record =
                new ProducerRecord<>(EventType.DEVICE_USAGE_REPORTED.topic(), USAGE, e.data());
        e.writeTo(record.headers());
        publish("usage", record, () -> ledger.usageDays.add(day));
    }

    private void publish(String kind, ProducerRecord<String, String> record, Runnable acked) {
        try {
            producer.send(record, (meta, error) -> {
                if (error == null) {
                    acked.run();
                    ledger.published
                            .computeIfAbsent(kind, k -> new AtomicInteger())
                            .incrementAndGet();
                } else {
                    ledger.published
                            .computeIfAbsent(kind + " not acknowledged", k -> new AtomicInteger())
                            .incrementAndGet();
                }
            });
        } catch (RuntimeException e) {
            // metadata not available within max.block.ms: the broker is away; not published, not counted
            ledger.published
                    .computeIfAbsent(kind + " not sent", k -> new AtomicInteger())
                    .incrementAndGet();
        }
    }

    /** Each attempt asks anew, so a write retried after an instance went away goes to one that is there. */
    private URI uri(String service, String path) {
        return URI.create(platform.baseUrl(service) + path);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops sending new work; lets writes in doubt retry for {@code grace} (the platform has
     * recovered by then), then stops them: what is still in doubt stays UNKNOWN.
     */
    void stop(Duration grace) {
        schedule.shutdownNow();
        long deadline = System.nanoTime() + grace.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            sleep(200);
        }
        running.set(false);
        workers.shutdown();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
    }

    int inFlight() {
        return inFlight.get();
    }

    List<long[]> live() {
        return new ArrayList<>(live);
    }

    @Override
    public void close() {
        schedule.shutdownNow();
        workers.shutdownNow();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
