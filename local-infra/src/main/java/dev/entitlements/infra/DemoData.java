package dev.entitlements.infra;

import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventJson;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.DeviceUsageReported;
import dev.entitlements.contract.events.PurchaseRecord;
import dev.entitlements.contract.events.TenantUpserted;
import dev.entitlements.issuer.DevClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The demo world of {@code ./run}, so that every view shows something: the demo MSP (msp-demo)
 * manages ec-alpha and ec-beta; it has APSW pools of several terms (one ends within three months,
 * one in about a year, two in two to three years: expiry cliffs), assigns licenses to itself and to
 * both customers through the real assignment API, and all three report device usage for the last
 * thirteen months. ec-alpha uses more licenses than it received (over-used), ec-beta well under half
 * (under-used).
 *
 * <p>Dates follow today's calendar month, so a restart within the month pushes the same lines; event
 * ids are derived from the content, so republished events are skipped by the consumers.
 */
public final class DemoData {

    public static final String MSP = "msp-demo";
    public static final String ALPHA = "ec-alpha";
    public static final String BETA = "ec-beta";

    /**
     * Who signs in to the console on the local run (the development login; the same names and
     * passwords as the Keycloak realm's demo users): the demo MSP's admin and viewer, and a managed
     * customer's admin. The columns of a development client: name, password, tenant, tenant type, roles.
     */
    public static final List<DevClients.Client> USERS = List.of(
            new DevClients.Client(
                    KeycloakServer.Demo.MSP_ADMIN,
                    KeycloakServer.Demo.ADMIN_PASSWORD,
                    MSP,
                    "MSP",
                    List.of(Roles.PRIME_ADMIN)),
            new DevClients.Client(
                    KeycloakServer.Demo.EC_ADMIN,
                    KeycloakServer.Demo.ADMIN_PASSWORD,
                    ALPHA,
                    "MSP_EC",
                    List.of(Roles.ADMIN)),
            new DevClients.Client(
                    KeycloakServer.Demo.VIEWER,
                    KeycloakServer.Demo.VIEWER_PASSWORD,
                    MSP,
                    "MSP",
                    List.of(Roles.READ_ONLY)));

    /** How much {@link #publish} sent. */
    public record Published(int events, int purchases) {}

    /** What the demo MSP assigns: to itself and to each customer (APSW, paid), from today for {@code days} days. */
    record Assignment(String tenant, int quantity, int days) {}

    static final List<Assignment> ASSIGNMENTS = List.of(
            new Assignment(MSP, 20, 300),
            new Assignment(ALPHA, 40, 200), // devices grow to 46: over-used
            new Assignment(BETA, 60, 330)); // about 12 devices: under-used

    private static final Pattern TOTAL = Pattern.compile("\"totalCount\"\\s*:\\s*(\\d+)");

    private DemoData() {}

    public static List<CloudEvent> tenants() {
        return List.of(
                event(EventType.TENANT_UPSERTED, MSP, new TenantUpserted(MSP, "Demo MSP", "MSP", null)),
                event(EventType.TENANT_UPSERTED, ALPHA, new TenantUpserted(ALPHA, "Alpha Hotels", "MSP_EC", MSP)),
                event(EventType.TENANT_UPSERTED, BETA, new TenantUpserted(BETA, "Beta Schools", "MSP_EC", MSP)));
    }

    /** The demo MSP's order lines: pushed on the topic at start, listed by the demo licensing system. */
    public static List<PurchaseRecord> purchases() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        int year = today.getYear();
        YearMonth month = YearMonth.from(today);
        LocalDate lastMonth = month.minusMonths(1).atDay(1);
        return List.of(
                purchase("so-1001-1", "APSW-MSP100-001", 100, year + "-01-01", (year + 2) + "-12-31"),
                purchase("so-1001-2", "CLD-APSW-1Y", 20, year + "-01-01", year + "-12-31"),
                purchase(
                        "so-1002-1",
                        "CLD-URLF-1Y-TEMP",
                        10,
                        today.minusDays(30).toString(),
                        today.plusDays(60).toString()),
                purchase("so-1003-1", "EDGE-SECL-3Y", 5, year + "-01-01", (year + 3) + "-01-01"),
                // the pool cliffs: a one-year pool ending within three months, one that ends in about a year, a
                // three-year pool
                purchase(
                        "so-1004-1",
                        "APSW-MSP50-1Y",
                        50,
                        month.minusMonths(9).atDay(1).toString(),
                        month.plusMonths(2).atEndOfMonth().toString()),
                purchase(
                        "so-1005-1",
                        "APSW-MSP60-1Y",
                        60,
                        lastMonth.toString(),
                        lastMonth.plusYears(1).minusDays(1).toString()),
                purchase(
                        "so-1006-1",
                        "APSW-MSP80-3Y",
                        80,
                        lastMonth.toString(),
                        lastMonth.plusYears(3).minusDays(1).toString()));
    }

    /**
     * Daily device usage of the three tenants from the first day of the month a year ago to today,
     * growing over time: msp-demo about 13 to 19 licenses (of the 20 it assigned itself), ec-alpha
     * 21 to 46 (of 40), ec-beta about 8 to 13 (of 60).
     */
    public static List<CloudEvent> usage() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate first = YearMonth.from(today).minusMonths(12).atDay(1);
        // a fixed span (thirteen months of days), so a day's figures stay the same on every start within the month
        double span = 395;
        List<CloudEvent> events = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
            double p = ChronoUnit.DAYS.between(first, d) / span;
            int n = d.getDayOfMonth();
            events.add(usage(MSP, d, "MSP_APSW", "WIFI", 11 + (int) Math.round(5 * p)));
            events.add(usage(MSP, d, "MSP_APSW", "SWITCH", 2 + n % 2));
            events.add(usage(ALPHA, d, "APSW", "WIFI", 18 + (int) Math.round(22 * p)));
            events.add(usage(ALPHA, d, "APSW", "SWITCH", 3 + (int) Math.round(3 * p)));
            events.add(usage(BETA, d, "APSW", "WIFI", 8 + (n % 4 == 0 ? 2 : 0) + (int) Math.round(3 * p)));
        }
        return events;
    }

    /**
     * Creates {@link #ASSIGNMENTS} through the gateway as the demo MSP would, once its pools and
     * customers have reached assignment-service (402 and 404 are retried until then). An assignment
     * already there (a restart) is not made again: a tenant with valid or future demo assignments is
     * left as it is.
     *
     * @param token a PRIME_ADMIN or ADMIN token of msp-demo
     * @return what was done, for the log
     */
    public static String assign(String gateway, String token, Duration patience, Consumer<String> log) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long deadline = System.nanoTime() + patience.toNanos();
        List<Assignment> left = new ArrayList<>(ASSIGNMENTS);
        List<String> done = new ArrayList<>();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            for (Assignment a : List.copyOf(left)) {
                String base = gateway + "/tenants/" + (a.tenant().equals(MSP) ? "self" : a.tenant())
                        + "/entitlements/assignments";
                HttpResponse<String> existing = post(
                        http,
                        base + "/query",
                        token,
                        "{\"pageSize\": 1, \"filters\": {\"status\": [\"VALID\", \"FUTURE\"], \"licenseType\": [\"APSW\"]}}");
                Matcher total = TOTAL.matcher(existing.body());
                if (existing.statusCode() == 200 && total.find() && Long.parseLong(total.group(1)) > 0) {
                    left.remove(a);
                    done.add(a.tenant() + " (already there)");
                    continue;
                }
                if (existing.statusCode() != 200) {
                    continue; // the customer has not reached assignment-service's tenant directory yet
                }
                HttpResponse<String> created = post(
                        http,
                        base,
                        token,
                        "{\"effectiveDate\": \"" + today + "\", \"expirationDate\": \"" + today.plusDays(a.days())
                                + "\", \"quantity\": " + a.quantity()
                                + ", \"licenseType\": \"APSW\", \"trial\": false}");
                if (created.statusCode() == 201) {
                    left.remove(a);
                    done.add(a.tenant() + " " + a.quantity());
                } else if (created.statusCode() != 402 && created.statusCode() != 404) {
                    // not a matter of waiting for the pools: say why and leave it
                    left.remove(a);
                    log.accept("demo assignment to " + a.tenant() + " refused: " + created.statusCode() + " "
                            + created.body());
                }
            }
            if (!left.isEmpty()) {
                sleep(500);
            }
        }
        left.forEach(a ->
                log.accept("demo assignment to " + a.tenant() + " not made within " + patience.toSeconds() + " s"));
        return "APSW assigned by " + MSP + ": " + String.join(", ", done);
    }

    /**
     * Tenants and device usage through the real topics, as tenant management and the device inventory
     * publish them, and the demo MSP's order lines as the licensing system pushes them (raw records;
     * sync-service turns them into entitlement events). Event ids come from the content: publishing
     * twice changes nothing.
     */
    public static Published publish(String bootstrapServers) {
        List<CloudEvent> events = new ArrayList<>(tenants());
        events.addAll(usage());
        List<PurchaseRecord> purchases = purchases();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (PurchaseRecord p : purchases) {
                producer.send(new ProducerRecord<>(Topics.LICENSING_PURCHASES, p.tenantId(), EventJson.write(p)));
            }
            for (CloudEvent e : events) {
                ProducerRecord<String, String> record = new ProducerRecord<>(
                        EventType.of(e.type()).orElseThrow().topic(), e.subject(), e.data());
                e.writeTo(record.headers());
                producer.send(record);
            }
            producer.flush();
        }
        return new Published(events.size(), purchases.size());
    }

    private static HttpResponse<String> post(HttpClient http, String url, String token, String body) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .header("Accept", "application/json")
                            .header("x-request-id", "demo-" + UUID.randomUUID())
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("POST " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: POST " + url, e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static CloudEvent usage(String tenant, LocalDate date, String licenseType, String deviceType, int devices) {
        return event(
                EventType.DEVICE_USAGE_REPORTED,
                tenant,
                new DeviceUsageReported(tenant, date, licenseType, deviceType, devices, devices));
    }

    private static PurchaseRecord purchase(String line, String sku, int quantity, String from, String to) {
        return new PurchaseRecord(
                MSP, "acc-msp-demo", line, sku, quantity, from, to, "Gold", null, null, null, null, null);
    }

    /** An event whose id is derived from its content: published again on the next start, it is skipped. */
    private static CloudEvent event(EventType type, String subject, Object payload) {
        CloudEvent e = CloudEvent.of(type, "/local-demo", subject, payload);
        String id = "demo-" + UUID.nameUUIDFromBytes((type.type() + e.data()).getBytes(StandardCharsets.UTF_8));
        return new CloudEvent(id, e.type(), e.source(), e.time(), e.subject(), e.data());
    }
}
