package dev.entitlements.common.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.query.QueryDefinition.FilterType;
import dev.entitlements.contract.error.ErrorCode;

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
    void pageAndPageSizeBoundsAre400() {
        assertInvalid(request(0, null, null), ErrorCode.INVALID_VALUE);
        assertInvalid(request(1, 0, null), ErrorCode.INVALID_VALUE);
        assertInvalid(request(1, 1001, null), ErrorCode.INVALID_VALUE);
        assertInvalid(request(1, null, 1001), ErrorCode.INVALID_VALUE);
        assertEquals(1000, definition.validate(request(1, 1000, null)).pageSize());
    }

    @Test
    void filtersAcceptAStringOrAnArrayAndEnumsAreUpperCased() throws Exception {
        ValidatedQuery q = definition.validate(withFilters("{\"licenseType\": \"apsw\", \"createdBy\": [\"Ann\", \"bob\"],"
                + " \"isTrial\": true, \"effectiveDate\": {\"from\": \"2024-01-01\", \"to\": \"2024-01-31\"}}"));
        assertEquals(Set.of("APSW"), q.strings().get("licenseType"));
        assertEquals(Set.of("Ann", "bob"), q.strings().get("createdBy"));
        assertEquals(true, q.booleans().get("isTrial"));
        assertEquals("2024-01-31T23:59:59Z", q.ranges().get("effectiveDate").to().toString());
    }

    @Test
    void anEmptyArrayRestrictsNothing() throws Exception {
        assertTrue(definition.validate(withFilters("{\"licenseType\": []}")).strings().isEmpty());
    }

    @Test
    void unknownNamesAre400ListingTheAllowedOnes() throws Exception {
        ApiException e = assertThrows(ApiException.class, () -> definition.validate(withFilters("{\"colour\": \"red\"}")));
        assertEquals(ErrorCode.UNKNOWN_FIELD, e.code());
        assertTrue(e.errors().get(0).suggestion().contains("licenseType"), e.errors().get(0).suggestion());
        assertInvalid(new QueryRequest(List.of("id", "secret"), null, null, null, null, null, null, null), ErrorCode.UNKNOWN_FIELD);
        assertInvalid(new QueryRequest(null, null, null, null, "id", null, null, null), ErrorCode.UNKNOWN_FIELD);
        assertInvalid(new QueryRequest(null, null, null, null, null, "sideways", null, null), ErrorCode.INVALID_VALUE);
    }

    @Test
    void wrongFilterValuesAre400() throws Exception {
        assertThrows(ApiException.class, () -> definition.validate(withFilters("{\"isTrial\": \"yes\"}")));
        assertThrows(ApiException.class, () -> definition.validate(withFilters("{\"licenseType\": [1]}")));
        assertThrows(ApiException.class, () -> definition.validate(withFilters("{\"effectiveDate\": {\"since\": \"2024-01-01\"}}")));
        ApiException reversed = assertThrows(ApiException.class,
                () -> definition.validate(withFilters("{\"effectiveDate\": {\"from\": \"2024-02-01\", \"to\": \"2024-01-01\"}}")));
        assertEquals(ErrorCode.UNPROCESSABLE, reversed.code());
    }

    @Test
    void theResponseCarriesOnlyTheSelectedFieldsAndTheTrueTotal() {
        ValidatedQuery q = definition.validate(new QueryRequest(List.of("name"), 2, 1, null, null, "desc", null, null));
        QueryResponse r = definition.respond(q, 42, List.of(Map.of("id", 1, "name", "a", "expirationDate", "x")));
        assertEquals(List.of(Map.of("name", "a")), r.data());
        assertEquals(42, r.totalCount());
        assertEquals("thing", r.objectId());
        assertEquals(List.of(), r.errors());
        ValidatedQuery excluded = definition.validate(new QueryRequest(null, null, null, null, null, null, null, true));
        assertEquals(List.of(), definition.respond(excluded, 42, List.of(Map.of("id", 1))).data());
    }

    private void assertInvalid(QueryRequest r, ErrorCode code) {
        assertEquals(code, assertThrows(ApiException.class, () -> definition.validate(r)).code());
    }

    private static QueryRequest request(Integer page, Integer pageSize, Integer defaultPageSize) {
        return new QueryRequest(null, page, pageSize, defaultPageSize, null, null, null, null);
    }

    @SuppressWarnings("unchecked")
    private static QueryRequest withFilters(String json) throws Exception {
        Map<String, JsonNode> filters = JSON.readValue(json, JSON.getTypeFactory().constructMapType(Map.class, String.class, JsonNode.class));
        return new QueryRequest(null, null, null, null, null, null, filters, null);
    }
}
