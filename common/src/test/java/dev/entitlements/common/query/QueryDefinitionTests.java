package dev.entitlements.common.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.query.QueryDefinition.FilterType;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.infra.test.Seeds;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class QueryDefinitionTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final QueryDefinition definition = QueryDefinition.builder("thing")
            .fields("id", "name", "expirationDate")
            .sortFields("expirationDate", "name")
            .filter("licenseType", FilterType.ENUMS)
            .filter("createdBy", FilterType.STRINGS)
            .filter("isTrial", FilterType.BOOLEAN)
            .filter("effectiveDate", FilterType.DATE_RANGE)
            .build();

    @Test
    void defaultsArePageOneOf20SortedByTheFirstSortFieldAscending() {
        ValidatedQuery q = definition.validate(null);
        assertEquals(1, q.page());
        assertEquals(20, q.pageSize());
        assertEquals("expirationDate", q.sortField());
        assertEquals(false, q.descending());
        assertEquals(List.of("id", "name", "expirationDate"), q.fields());
        assertEquals(0, q.offset());
    }

    @Test
    void defaultPageSizeAppliesOnlyWhenPageSizeIsMissing() {
        assertEquals(50, definition.validate(request(null, null, 50)).pageSize());
        assertEquals(7, definition.validate(request(null, 7, 50)).pageSize());
        assertEquals(14, definition.validate(request(3, 7, null)).offset());
    }

    @Test
    void pagingOutOfRangeIsClampedNotRefused() {
        // the vendor's own example sends page 0 and pageSize 0; the UI asks for 10,000 rows
        assertEquals(1, definition.validate(request(0, null, null)).page());
        assertEquals(1, definition.validate(request(-3, null, null)).page());
        assertEquals(20, definition.validate(request(1, 0, null)).pageSize());
        assertEquals(50, definition.validate(request(1, 0, 50)).pageSize());
        assertEquals(20, definition.validate(request(1, null, 0)).pageSize());
        assertEquals(1001, definition.validate(request(1, 1001, null)).pageSize());
        assertEquals(10_000, definition.validate(request(1, 10_000, null)).pageSize());
        assertEquals(10_000, definition.validate(request(1, 10_001, null)).pageSize());
        assertEquals(10_000, definition.validate(request(1, null, 50_000)).pageSize());
    }

    static LongStream pagingSeeds() {
        return Seeds.of(0x9A61_2026L, 20);
    }

    /** The clamps against a reference written from docs/decisions.md's sentence, over random requests. */
    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("pagingSeeds")
    void pagingClampsMatchTheReference(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 100; i++) {
            Integer page = pagingValue(random, 30);
            Integer pageSize = pagingValue(random, 20_000);
            Integer defaultPageSize = pagingValue(random, 20_000);
            ValidatedQuery q = definition.validate(request(page, pageSize, defaultPageSize));
            int expectedPage = page == null || page < 1 ? 1 : page;
            int expectedSize = pageSize != null && pageSize >= 1
                    ? pageSize
                    : defaultPageSize != null && defaultPageSize >= 1 ? defaultPageSize : 20;
            expectedSize = Math.min(expectedSize, 10_000);
            String what =
                    "seed=" + seed + " page=" + page + " pageSize=" + pageSize + " defaultPageSize=" + defaultPageSize;
            assertEquals(expectedPage, q.page(), what);
            assertEquals(expectedSize, q.pageSize(), what);
            assertEquals((long) (expectedPage - 1) * expectedSize, q.offset(), what);
        }
    }

    /** Absent, a boundary of the rules (0, 1, 10,000 and their neighbours) or anything in range, about equally often. */
    private static Integer pagingValue(SplittableRandom random, int bound) {
        int[] edges = {-1, 0, 1, 2, 19, 20, 21, 9_999, 10_000, 10_001};
        return switch (random.nextInt(3)) {
            case 0 -> random.nextInt(4) == 0 ? null : edges[random.nextInt(edges.length)];
            case 1 -> edges[random.nextInt(edges.length)];
            default -> random.nextInt(-5, bound);
        };
    }

    @Test
    void strictHandlingRefusesOutOfRangePaging() throws Exception {
        assertEquals(
                ErrorCode.INVALID_VALUE,
                Strictly.refusal(() -> definition.validate(request(0, null, null)))
                        .code());
        assertEquals(
                ErrorCode.INVALID_VALUE,
                Strictly.refusal(() -> definition.validate(request(1, 0, null))).code());
        assertEquals(
                ErrorCode.INVALID_VALUE,
                Strictly.refusal(() -> definition.validate(request(1, 10_001, null)))
                        .code());
        assertEquals(
                7, Strictly.call(() -> definition.validate(request(1, 7, null))).pageSize());
    }

    @Test
    void filtersAcceptAStringOrAnArrayAndEnumsAreUpperCased() throws Exception {
        ValidatedQuery q = definition.validate(
                withFilters(
                        "{\"licenseType\": \"apsw\", \"createdBy\": [\"Ann\", \"bob\"],"
                                + " \"isTrial\": true, \"effectiveDate\": {\"from\": \"2024-01-01\", \"to\": \"2024-01-31\"}}"));
        assertEquals(Set.of("APSW"), q.strings().get("licenseType"));
        assertEquals(Set.of("Ann", "bob"), q.strings().get("createdBy"));
        assertEquals(true, q.booleans().get("isTrial"));
        assertEquals(
                "2024-01-31T23:59:59Z", q.ranges().get("effectiveDate").to().toString());
    }

    @Test
    void anEmptyArrayRestrictsNothing() throws Exception {
        assertTrue(definition
                .validate(withFilters("{\"licenseType\": []}"))
                .strings()
                .isEmpty());
    }

    @Test
    void unknownNamesAreIgnored() throws Exception {
        ValidatedQuery q = definition.validate(withFilters("{\"colour\": \"red\", \"licenseType\": \"APSW\"}"));
        assertEquals(Map.of("licenseType", Set.of("APSW")), q.strings());
        assertEquals(
                List.of("id"),
                definition
                        .validate(new QueryRequest(List.of("id", "secret"), null, null, null, null, null, null, null))
                        .fields());
        assertEquals(
                List.of("id", "name", "expirationDate"),
                definition
                        .validate(new QueryRequest(List.of("secret"), null, null, null, null, null, null, null))
                        .fields());
        // "id" is a field but not a sort field: the default sort, in the direction asked
        ValidatedQuery sorted = definition.validate(new QueryRequest(null, null, null, null, "id", "DESC", null, null));
        assertEquals("expirationDate", sorted.sortField());
        assertTrue(sorted.descending());
        assertTrue(definition
                .validate(withFilters("{\"effectiveDate\": {\"since\": \"2024-01-01\"}}"))
                .ranges()
                .containsKey("effectiveDate"));
        // an unknown direction is the spec's default, ascending
        assertEquals(
                false,
                definition
                        .validate(new QueryRequest(null, null, null, null, "name", "sideways", null, null))
                        .descending());
    }

    @Test
    void strictHandlingRefusesEachIgnoredNameListingTheAllowedOnes() throws Exception {
        ApiException filter = Strictly.refusal(() -> definition.validate(withFilters("{\"colour\": \"red\"}")));
        assertEquals(ErrorCode.UNKNOWN_FIELD, filter.code());
        assertTrue(
                filter.errors().get(0).reason().contains("colour"),
                filter.errors().get(0).reason());
        assertTrue(
                filter.errors().get(0).suggestion().contains("licenseType"),
                filter.errors().get(0).suggestion());
        assertEquals(
                ErrorCode.UNKNOWN_FIELD,
                Strictly.refusal(() -> definition.validate(
                                new QueryRequest(List.of("id", "secret"), null, null, null, null, null, null, null)))
                        .code());
        assertEquals(
                ErrorCode.UNKNOWN_FIELD,
                Strictly.refusal(() ->
                                definition.validate(new QueryRequest(null, null, null, null, "id", null, null, null)))
                        .code());
        assertEquals(
                ErrorCode.UNKNOWN_FIELD,
                Strictly.refusal(() ->
                                definition.validate(withFilters("{\"effectiveDate\": {\"since\": \"2024-01-01\"}}")))
                        .code());
        assertEquals(
                ErrorCode.INVALID_VALUE,
                Strictly.refusal(() -> definition.validate(
                                new QueryRequest(null, null, null, null, null, "sideways", null, null)))
                        .code());
    }

    @Test
    void aCommaSeparatesEnumValuesAsTheUiSendsThem() throws Exception {
        assertEquals(
                Set.of("VALID", "FUTURE"),
                definition
                        .validate(withFilters("{\"licenseType\": [\"valid,FUTURE\"]}"))
                        .strings()
                        .get("licenseType"));
    }

    @Test
    void withoutASortFieldTheDefinitionsDefaultDirectionApplies() {
        QueryDefinition newestFirst = QueryDefinition.builder("note")
                .fields("id", "endDate")
                .sortFields("endDate")
                .descendingByDefault()
                .build();
        assertTrue(newestFirst.validate(null).descending());
        assertEquals(
                false,
                newestFirst
                        .validate(new QueryRequest(null, null, null, null, null, "ASC", null, null))
                        .descending());
        assertEquals(
                false,
                newestFirst
                        .validate(new QueryRequest(null, null, null, null, "endDate", null, null, null))
                        .descending());
    }

    @Test
    void wrongFilterValuesAre400() throws Exception {
        assertThrows(ApiException.class, () -> definition.validate(withFilters("{\"isTrial\": \"yes\"}")));
        assertThrows(ApiException.class, () -> definition.validate(withFilters("{\"licenseType\": [1]}")));
        ApiException reversed = assertThrows(
                ApiException.class,
                () -> definition.validate(
                        withFilters("{\"effectiveDate\": {\"from\": \"2024-02-01\", \"to\": \"2024-01-01\"}}")));
        assertEquals(ErrorCode.UNPROCESSABLE, reversed.code());
    }

    @Test
    void theResponseCarriesWholeItemsEchoesTheFieldsAndTheTrueTotal() {
        ValidatedQuery q = definition.validate(new QueryRequest(List.of("name"), 2, 1, null, null, "desc", null, null));
        // fields does not narrow the item (docs/decisions.md, Queries): the whole row becomes the item
        List<Map<String, Object>> rows = List.of(Map.of("id", 1, "name", "a", "expirationDate", "x"));
        QueryResponse<Map<String, Object>> r = definition.respond(q, 42, rows, row -> row);
        assertEquals(List.of(Map.of("id", 1, "name", "a", "expirationDate", "x")), r.data());
        assertEquals(List.of("name"), r.fields());
        assertEquals(42, r.totalCount());
        assertEquals("thing", r.objectId());
        assertEquals(List.of(), r.errors());
        ValidatedQuery excluded = definition.validate(new QueryRequest(null, null, null, null, null, null, null, true));
        assertEquals(
                List.of(), definition.respond(excluded, new PgPage<>(42, rows)).data());
    }

    @Test
    void theLargestPageSizeIsTakenAsSentEvenUnderStrictHandling() throws Exception {
        assertEquals(
                QueryDefinition.MAX_PAGE_SIZE,
                Strictly.call(() -> definition.validate(request(1, 10_000, null)))
                        .pageSize());
        assertEquals(
                QueryDefinition.MAX_PAGE_SIZE,
                Strictly.call(() -> definition.validate(request(1, null, 10_000)))
                        .pageSize());
    }

    @Test
    void aStrictRefusalOfAnOversizedPageNamesTheParameterThatWasTooLarge() {
        assertEquals(
                "'pageSize' cannot be 10001",
                Strictly.refusal(() -> definition.validate(request(1, 10_001, null)))
                        .errors()
                        .get(0)
                        .reason());
        assertEquals(
                "'defaultPageSize' cannot be 10001",
                Strictly.refusal(() -> definition.validate(request(1, null, 10_001)))
                        .errors()
                        .get(0)
                        .reason());
    }

    @Test
    void aDeclaredSortFieldIsSortedByAndABlankOneMeansTheDefault() {
        assertEquals(
                "name",
                definition
                        .validate(new QueryRequest(null, null, null, null, "name", null, null, null))
                        .sortField());
        assertEquals(
                "expirationDate",
                definition
                        .validate(new QueryRequest(null, null, null, null, " ", null, null, null))
                        .sortField());
    }

    @Test
    void theDefaultSortIsTheFirstNameOfTheFirstSortFieldsCallThatNamesAny() {
        QueryDefinition d = QueryDefinition.builder("x")
                .fields("a", "b")
                .sortFields()
                .sortFields("b", "a")
                .sortFields("c")
                .build();
        assertEquals("b", d.validate(null).sortField());
    }

    @Test
    void anArrayFilterTakesAtMostTheMaximumNumberOfValues() throws Exception {
        List<String> most = java.util.stream.IntStream.range(0, QueryDefinition.MAX_FILTER_VALUES)
                .mapToObj(i -> "\"u" + i + "\"")
                .toList();
        String atMost = "{\"createdBy\": [" + String.join(",", most) + "]}";
        assertEquals(
                QueryDefinition.MAX_FILTER_VALUES,
                definition
                        .validate(withFilters(atMost))
                        .strings()
                        .get("createdBy")
                        .size());
        String oneMore = "{\"createdBy\": [" + String.join(",", most) + ", \"extra\"]}";
        ApiException tooMany = assertThrows(ApiException.class, () -> definition.validate(withFilters(oneMore)));
        assertEquals(ErrorCode.INVALID_VALUE, tooMany.code());
    }

    @Test
    void aFalseBooleanFilterSelectsTheFalseOnes() throws Exception {
        assertEquals(
                false,
                definition
                        .validate(withFilters("{\"isTrial\": false}"))
                        .booleans()
                        .get("isTrial"));
    }

    @Test
    void anEnumFilterDeclaredWithItsValuesRefusesAnyOtherAndNamesOnlyTheUnknownOnes() throws Exception {
        QueryDefinition typed = QueryDefinition.builder("thing")
                .fields("id")
                .sortFields("id")
                .filter("status", List.of("VALID", "EXPIRED"))
                .build();
        assertEquals(
                Set.of("VALID", "EXPIRED"),
                typed.validate(withFilters("{\"status\": \"valid,expired\"}"))
                        .strings()
                        .get("status"));
        ApiException typo = assertThrows(
                ApiException.class, () -> typed.validate(withFilters("{\"status\": [\"VALID\", \"VALD\"]}")));
        assertEquals(ErrorCode.INVALID_VALUE, typo.code());
        assertEquals("'filters.status' cannot be [VALD]", typo.errors().get(0).reason());
        assertEquals("expected any of [EXPIRED, VALID]", typo.errors().get(0).suggestion());
    }

    @Test
    void theExcludeContentParameterTrueAsksForTheCountsOnly() {
        assertTrue(definition.validate(null, "true").excludeContent());
        assertEquals(false, definition.validate(null, "false").excludeContent());
        assertEquals(false, definition.validate(null, null).excludeContent());
        assertEquals(
                ErrorCode.INVALID_VALUE,
                assertThrows(ApiException.class, () -> definition.validate(null, "yes"))
                        .code());
    }

    @Test
    void theDefinitionNamesTheObjectItsResponsesCarry() {
        assertEquals("thing", definition.objectId());
    }

    private void assertInvalid(QueryRequest r, ErrorCode code) {
        assertEquals(
                code,
                assertThrows(ApiException.class, () -> definition.validate(r)).code());
    }

    private static QueryRequest request(Integer page, Integer pageSize, Integer defaultPageSize) {
        return new QueryRequest(null, page, pageSize, defaultPageSize, null, null, null, null);
    }

    @SuppressWarnings("unchecked")
    private static QueryRequest withFilters(String json) throws Exception {
        Map<String, JsonNode> filters =
                JSON.readValue(json, JSON.getTypeFactory().constructMapType(Map.class, String.class, JsonNode.class));
        return new QueryRequest(null, null, null, null, null, null, filters, null);
    }
}
