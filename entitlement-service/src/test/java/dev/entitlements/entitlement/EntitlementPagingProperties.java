package dev.entitlements.entitlement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.common.time.Dates;
import dev.entitlements.common.time.Lifecycle;
import dev.entitlements.contract.events.EntitlementData;
import dev.entitlements.entitlement.entitlements.repository.EntitlementProjection;
import dev.entitlements.entitlement.entitlements.repository.EntitlementRepository;
import dev.entitlements.entitlement.entitlements.service.EntitlementItem;
import dev.entitlements.entitlement.entitlements.service.EntitlementQueryService;
import dev.entitlements.infra.Postgres;
import dev.entitlements.infra.PostgresServer;
import dev.entitlements.infra.test.Seeds;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Paging against a reference: for any set of entitlements, any sort field and direction and any
 * page size, the pages the database returns, laid end to end, are exactly the set sorted in Java
 * (field, then id; nulls last ascending and first descending, as PostgreSQL orders them), and
 * every page reports the same total. Runs the real repository on a real PostgreSQL.
 */
class EntitlementPagingProperties {

    private static final String DB = "entitlement_paging";
    private static final Duration GRACE = Duration.ofDays(30);
    private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.DAYS);

    private static PostgresServer pg;
    private static Vertx vertx;
    private static Pool pool;
    private static EntitlementRepository repository;
    private static EntitlementProjection projection;

    @BeforeAll
    static void start() {
        pg = Postgres.start();
        pg.createDatabase(DB);
        Flyway.configure()
                .dataSource(pg.jdbcUrl(DB), pg.user(), pg.password())
                .locations("classpath:db/migration", "classpath:db/common")
                .load()
                .migrate();
        vertx = Vertx.vertx();
        pool = PgBuilder.pool()
                .connectingTo(new PgConnectOptions()
                        .setHost(pg.host())
                        .setPort(pg.port())
                        .setDatabase(DB)
                        .setUser(pg.user())
                        .setPassword(pg.password()))
                .using(vertx)
                .build();
        repository = new EntitlementRepository(pool);
        projection = new EntitlementProjection();
    }

    @AfterAll
    static void stop() throws Exception {
        pool.closeAndAwait();
        vertx.closeAndAwait();
        pg.close();
    }

    /** Sort fields with ties, nulls, derived values, dates, numbers, booleans and strings; and each one's reference value. */
    private static final Map<String, Function<EntitlementData, Comparable<?>>> FIELDS = Map.of(
            "expirationDate", e -> Dates.endOfDay(e.expirationDate()),
            "effectiveDate", EntitlementData::effectiveDate,
            "quantity", EntitlementData::quantity,
            "sku", EntitlementData::sku,
            "skuTier", EntitlementData::skuTier,
            "isTrial", EntitlementData::trial,
            "licenseType", EntitlementData::licenseType,
            "status",
                    e -> Lifecycle.status(
                                    null,
                                    e.effectiveDate(),
                                    Dates.endOfDay(e.expirationDate()).plusMillis(999),
                                    BASE)
                            .name());

    /** In a fixed order: Map.of's iteration order changes from one JVM to the next, and a seed must replay. */
    private static final List<String> SORT_FIELDS = List.copyOf(new TreeSet<>(FIELDS.keySet()));

    static LongStream seeds() {
        return Seeds.of(0x5EED_9A6EL, 60);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds")
    void pagesLaidEndToEndAreTheWholeSetInReferenceOrder(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<EntitlementData> drawn = entitlements(random);
        String sortField = SORT_FIELDS.get(random.nextInt(SORT_FIELDS.size()));
        boolean descending = random.nextBoolean();
        int pageSize = 1 + random.nextInt(9);
        String at = "seed=" + seed + " " + drawn.size() + " rows by " + sortField + (descending ? " DESC" : " ASC")
                + ", pages of " + pageSize;
        String tenant = "t-" + UUID.randomUUID();
        List<EntitlementData> rows = new ArrayList<>();
        for (int i = 0; i < drawn.size(); i++) {
            EntitlementData d = drawn.get(i);
            rows.add(new EntitlementData(
                    tenant,
                    d.entitlementId(),
                    "line-" + i,
                    d.sku(),
                    d.licenseType(),
                    d.deviceType(),
                    d.deviceSubType(),
                    d.trial(),
                    d.r1Sku(),
                    d.mspPool(),
                    d.quantity(),
                    d.effectiveDate(),
                    d.expirationDate(),
                    d.skuTier(),
                    d.courtesy(),
                    d.alm(),
                    d.almActivationId(),
                    d.almSoEntQuantity()));
        }
        pool.withTransaction(tx -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (EntitlementData r : rows) {
                        all = all.chain(() -> projection.upsert(tx, r, BASE));
                    }
                    return all;
                })
                .await()
                .indefinitely();

        List<String> paged = new ArrayList<>();
        int pages = rows.size() / pageSize + 1;
        for (int page = 1; page <= pages + 1; page++) {
            ValidatedQuery q = EntitlementQueryService.QUERY.validate(new QueryRequest(
                    List.of("id"), page, pageSize, null, sortField, descending ? "DESC" : "ASC", null, null));
            var result = repository
                    .page(EntitlementItem.QUERY, tenant, q, BASE, GRACE)
                    .await()
                    .indefinitely();
            assertEquals(rows.size(), result.totalCount(), "total on page " + page + ", " + at);
            assertEquals(
                    Math.max(0, Math.min(pageSize, rows.size() - (page - 1) * pageSize)),
                    result.items().size(),
                    "size of page " + page + ", " + at);
            result.items().forEach(item -> paged.add(item.id()));
        }
        assertEquals(reference(rows, tenant, sortField, descending), paged, at);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<String> reference(
            List<EntitlementData> rows, String tenant, String sortField, boolean descending) {
        Function<EntitlementData, Comparable> value = (Function) FIELDS.get(sortField);
        Comparator<EntitlementData> byValue = (a, b) -> {
            Comparable x = value.apply(a);
            Comparable y = value.apply(b);
            if (x == null || y == null) {
                return x == y ? 0 : x == null ? 1 : -1; // nulls are the largest values in PostgreSQL
            }
            return x.compareTo(y);
        };
        Comparator<EntitlementData> order =
                byValue.thenComparing(e -> EntitlementProjection.idOf(tenant, e.externalId()));
        return rows.stream()
                .sorted(descending ? order.reversed() : order)
                .map(e -> EntitlementProjection.idOf(tenant, e.externalId()))
                .toList();
    }

    /** Up to 30 entitlements with few distinct values per field, so sorting meets ties and nulls. */
    private static List<EntitlementData> entitlements(SplittableRandom r) {
        List<String> skus = List.of("CLD-APSW-1Y", "CLD-URLF-1Y", "EDGE-SECL-3Y");
        List<String> types = List.of("APSW", "URLF", "EDGE_SECL");
        List<EntitlementData> drawn = new ArrayList<>();
        for (int n = r.nextInt(31); n > 0; n--) {
            String sku = skus.get(r.nextInt(skus.size()));
            String type = types.get(r.nextInt(types.size()));
            int quantity = 1 + r.nextInt(4);
            Instant from = BASE.plus(r.nextInt(61) - 30, ChronoUnit.DAYS).plusSeconds(3600);
            int days = r.nextInt(61);
            String tier = r.nextInt(10) < 3 ? null : r.nextBoolean() ? "Gold" : "Silver";
            boolean trial = r.nextBoolean();
            drawn.add(new EntitlementData(
                    "t",
                    "acc",
                    "x",
                    sku,
                    type,
                    type,
                    null,
                    trial,
                    true,
                    false,
                    quantity,
                    from,
                    from.plus(days, ChronoUnit.DAYS),
                    tier,
                    false,
                    false,
                    null,
                    null));
        }
        return drawn;
    }
}
