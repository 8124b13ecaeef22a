package dev.entitlements.entitlement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.flywaydb.core.Flyway;

import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.common.time.Dates;
import dev.entitlements.common.time.Lifecycle;
import dev.entitlements.contract.events.EntitlementData;
import dev.entitlements.entitlement.entitlements.repository.EntitlementProjection;
import dev.entitlements.entitlement.entitlements.repository.EntitlementRepository;
import dev.entitlements.entitlement.entitlements.service.EntitlementQueryService;
import dev.entitlements.infra.Postgres;
import dev.entitlements.infra.PostgresServer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

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

    @BeforeContainer
    static void start() {
        pg = Postgres.start();
        pg.createDatabase(DB);
        Flyway.configure().dataSource(pg.jdbcUrl(DB), pg.user(), pg.password()).locations("classpath:db/migration", "classpath:db/common")
                .load().migrate();
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost(pg.host()).setPort(pg.port()).setDatabase(DB)
                .setUser(pg.user()).setPassword(pg.password())).using(vertx).build();
        repository = new EntitlementRepository(pool);
        projection = new EntitlementProjection();
    }

    @AfterContainer
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
            "status", e -> Lifecycle.status(null, e.effectiveDate(), Dates.endOfDay(e.expirationDate()).plusMillis(999), BASE).name());

    @Property(tries = 60)
    void pagesLaidEndToEndAreTheWholeSetInReferenceOrder(@ForAll("entitlements") List<EntitlementData> drawn,
            @ForAll("sortFields") String sortField, @ForAll boolean descending, @ForAll @IntRange(min = 1, max = 9) int pageSize) {
        String tenant = "t-" + UUID.randomUUID();
        List<EntitlementData> rows = new ArrayList<>();
        for (int i = 0; i < drawn.size(); i++) {
            EntitlementData d = drawn.get(i);
            rows.add(new EntitlementData(tenant, d.entitlementId(), "line-" + i, d.sku(), d.licenseType(), d.deviceType(),
                    d.deviceSubType(), d.trial(), d.r1Sku(), d.mspPool(), d.quantity(), d.effectiveDate(), d.expirationDate(), d.skuTier(),
                    d.courtesy(), d.alm(), d.almActivationId(), d.almSoEntQuantity()));
        }
        pool.withTransaction(tx -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (EntitlementData r : rows) {
                all = all.chain(() -> projection.upsert(tx, r, BASE));
            }
            return all;
        }).await().indefinitely();

        List<String> paged = new ArrayList<>();
        int pages = rows.size() / pageSize + 1;
        for (int page = 1; page <= pages + 1; page++) {
            ValidatedQuery q = EntitlementQueryService.QUERY.validate(new QueryRequest(List.of("id"), page, pageSize, null, sortField,
                    descending ? "DESC" : "ASC", null, null));
            var result = repository.page(tenant, q, BASE, GRACE).await().indefinitely();
            assertEquals(rows.size(), result.totalCount(), "total on page " + page);
            assertEquals(Math.max(0, Math.min(pageSize, rows.size() - (page - 1) * pageSize)), result.items().size(), "size of page " + page);
            result.items().forEach(item -> paged.add((String) item.get("id")));
        }
        assertEquals(reference(rows, tenant, sortField, descending), paged);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static List<String> reference(List<EntitlementData> rows, String tenant, String sortField, boolean descending) {
        Function<EntitlementData, Comparable> value = (Function) FIELDS.get(sortField);
        Comparator<EntitlementData> byValue = (a, b) -> {
            Comparable x = value.apply(a);
            Comparable y = value.apply(b);
            if (x == null || y == null) {
                return x == y ? 0 : x == null ? 1 : -1; // nulls are the largest values in PostgreSQL
            }
            return x.compareTo(y);
        };
        Comparator<EntitlementData> order = byValue.thenComparing(e -> EntitlementProjection.idOf(tenant, e.externalId()));
        return rows.stream().sorted(descending ? order.reversed() : order).map(e -> EntitlementProjection.idOf(tenant, e.externalId()))
                .toList();
    }

    @Provide
    Arbitrary<String> sortFields() {
        return Arbitraries.of(FIELDS.keySet());
    }

    @Provide
    Arbitrary<List<EntitlementData>> entitlements() {
        Arbitrary<Instant> effective = Arbitraries.integers().between(-30, 30).map(d -> BASE.plus(d, ChronoUnit.DAYS).plusSeconds(3600));
        Arbitrary<EntitlementData> one = Combinators.combine(
                Arbitraries.of("CLD-APSW-1Y", "CLD-URLF-1Y", "EDGE-SECL-3Y"),
                Arbitraries.of("APSW", "URLF", "EDGE_SECL"),
                Arbitraries.integers().between(1, 4),
                effective,
                Arbitraries.integers().between(0, 60),
                Arbitraries.of("Gold", "Silver").injectNull(0.3),
                Arbitraries.of(true, false))
                .as((sku, type, quantity, from, days, tier, trial) -> new EntitlementData("t", "acc", "x", sku, type, type, null, trial,
                        true, false, quantity, from, from.plus(days, ChronoUnit.DAYS), tier, false, false, null, null));
        return one.list().ofMinSize(0).ofMaxSize(30);
    }
}
