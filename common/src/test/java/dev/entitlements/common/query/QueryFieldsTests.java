package dev.entitlements.common.query;

import static dev.entitlements.common.query.QueryDefinition.FilterType.BOOLEAN;
import static dev.entitlements.common.query.QueryDefinition.FilterType.DATE_RANGE;
import static dev.entitlements.common.query.QueryDefinition.FilterType.ENUMS;
import static dev.entitlements.common.query.QueryDefinition.FilterType.STRINGS;
import static dev.entitlements.common.query.QueryField.Sort.DEFAULT_DESCENDING;
import static dev.entitlements.common.query.QueryField.Sort.SORTABLE;
import static dev.entitlements.common.query.QueryField.Values.LICENSE_TYPES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entitlements.common.error.ApiException;
import dev.entitlements.contract.error.ErrorCode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One record declares a query: its vocabulary, SELECT list, ORDER BY, WHERE and row reading all follow from it. */
class QueryFieldsTests {

    record Thing(
            @QueryField(column = "id") long id,

            @QueryField(column = "license_type", sort = SORTABLE, filter = ENUMS, values = LICENSE_TYPES)
            String licenseType,

            @QueryField(column = "trial", filter = BOOLEAN, filterName = "isTrial") @JsonProperty("isTrial")
            boolean isTrial,

            @QueryField(column = "trial") boolean tempLicense,
            @QueryField(column = "owner", filter = STRINGS) String owner,

            @QueryField(column = "ends", sort = DEFAULT_DESCENDING, filter = DATE_RANGE)
            Instant endDate,

            @QueryField(column = "quantity", sort = SORTABLE)
            Integer quantity,

            // an unnamed @JsonProperty keeps the component's name
            @QueryField(column = "day") @JsonProperty LocalDate day) {}

    // built per test, not once per class: a rule run only in a static initializer escapes mutation testing
    private final QueryFields<Thing> fields = QueryFields.of("thing", Thing.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theFieldsAreTheComponentsUnderTheirJsonNamesAndTheSelectListTheirColumnsInOrder() {
        ValidatedQuery q = fields.definition().validate(null);
        assertEquals(
                List.of("id", "licenseType", "isTrial", "tempLicense", "owner", "endDate", "quantity", "day"),
                q.fields());
        assertEquals("id, license_type, trial, trial, owner, ends, quantity, day", fields.select());
        assertEquals("thing", fields.definition().objectId());
    }

    @Test
    void theDefaultSortIsTheDeclaredOneInItsDirectionAndOnlySortableFieldsSort() throws Exception {
        ValidatedQuery none = fields.definition().validate(null);
        assertEquals("endDate", none.sortField());
        assertEquals(
                List.of("endDate", "licenseType", "quantity"),
                fields.definition().sortFields());
        assertTrue(none.descending());
        assertEquals("ends", fields.sortColumn(none));
        assertEquals("quantity", fields.sortColumn(query("{\"sortField\": \"quantity\"}")));
        assertEquals("license_type", fields.sortColumn(query("{\"sortField\": \"licenseType\"}")));
        // not sortable: ignored, the default applies
        assertEquals("ends", fields.sortColumn(query("{\"sortField\": \"owner\"}")));
    }

    @Test
    void eachFilterBecomesAConditionOnItsColumnUnderItsFilterName() throws Exception {
        ValidatedQuery q = query("""
                {"filters": {"licenseType": ["apsw", "URLF"], "isTrial": true, "owner": "a@b",
                             "endDate": {"from": "2026-01-01"}, "tempLicense": false}}""");
        SqlWhere where = fields.filter(new SqlWhere(), q);
        assertEquals("license_type IN ($1, $2) AND trial = $3 AND owner IN ($4) AND ends >= $5", where.sql());
        assertEquals(List.of("APSW", "URLF", true, "a@b", Instant.parse("2026-01-01T00:00:00Z")), where.params());
        assertEquals(Set.of("license_type", "trial", "owner", "ends"), fields.filteredColumns(q));
        assertEquals(Set.of(), fields.filteredColumns(fields.definition().validate(null)));
        assertEquals(
                "TRUE",
                fields.filter(new SqlWhere(), fields.definition().validate(null))
                        .sql());
    }

    @Test
    void anEnumFilterAcceptsOnlyItsDeclaredValues() throws Exception {
        ApiException e = assertThrows(ApiException.class, () -> query("{\"filters\": {\"licenseType\": [\"APSX\"]}}"));
        assertEquals(ErrorCode.INVALID_VALUE, e.code());
    }

    @Test
    void aRowBecomesTheRecordWithEachColumnReadAsItsComponentTypeAndInstantsToTheMillisecond() {
        OffsetDateTime ends = OffsetDateTime.of(2026, 12, 31, 23, 59, 59, 123_456_789, ZoneOffset.UTC);
        Thing t = fields.read(io.vertx.mutiny.sqlclient.Row.newInstance(
                PgPageTests.row(9L, 1234, "APSW", true, true, "a@b", ends, 5L, LocalDate.of(2026, 2, 3))));
        assertEquals(
                new Thing(
                        1234L,
                        "APSW",
                        true,
                        true,
                        "a@b",
                        Instant.parse("2026-12-31T23:59:59.123Z"),
                        5,
                        LocalDate.of(2026, 2, 3)),
                t);
        Thing nulls = fields.read(io.vertx.mutiny.sqlclient.Row.newInstance(
                PgPageTests.row(9L, 1L, "URLF", false, false, null, null, null, null)));
        assertEquals(new Thing(1L, "URLF", false, false, null, null, null, null), nulls);
        assertFalse(nulls.isTrial());
    }

    record Entry(
            @QueryField(column = "id", sort = QueryField.Sort.DEFAULT)
            String id,

            @QueryField(column = "roles") List<String> roles,
            @QueryField(column = "details") JsonNode details) {}

    @Test
    void aTextArrayIsReadAsAListOfStringsAndJsonbAsAJsonTree() throws Exception {
        QueryFields<Entry> fields = QueryFields.of("entry", Entry.class);
        Entry e = fields.read(io.vertx.mutiny.sqlclient.Row.newInstance(PgPageTests.row(
                1L,
                "a",
                new String[] {"ADMIN", "PRIME_ADMIN"},
                new io.vertx.core.json.JsonObject("{\"quantity\": 3, \"ids\": [\"x\"], \"to\": null}"))));
        assertEquals(List.of("ADMIN", "PRIME_ADMIN"), e.roles());
        assertEquals(JSON.readTree("{\"quantity\": 3, \"ids\": [\"x\"], \"to\": null}"), e.details());
        Entry nulls = fields.read(io.vertx.mutiny.sqlclient.Row.newInstance(PgPageTests.row(1L, "b", null, null)));
        assertEquals(new Entry("b", null, null), nulls);
    }

    record Numbers(
            @QueryField(column = "a", sort = QueryField.Sort.DEFAULT)
            List<Integer> a) {}

    record Undeclared(
            @QueryField(column = "id", sort = QueryField.Sort.DEFAULT)
            String id,

            String name) {}

    record TwoDefaults(
            @QueryField(column = "a", sort = QueryField.Sort.DEFAULT)
            String a,

            @QueryField(column = "b", sort = QueryField.Sort.DEFAULT)
            String b) {}

    record NoDefault(
            @QueryField(column = "a", sort = SORTABLE) String a) {}

    record Unreadable(
            @QueryField(column = "a", sort = QueryField.Sort.DEFAULT)
            Map<String, Object> a) {}

    @Test
    void aRecordThatDoesNotDeclareAWholeQueryIsRefusedAtStartNotAtTheFirstRequest() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> QueryFields.of("x", Undeclared.class))
                .getMessage()
                .contains("name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> QueryFields.of("x", TwoDefaults.class))
                .getMessage()
                .contains("both"));
        assertThrows(IllegalArgumentException.class, () -> QueryFields.of("x", NoDefault.class));
        assertThrows(IllegalArgumentException.class, () -> QueryFields.of("x", Unreadable.class));
        assertThrows(IllegalArgumentException.class, () -> QueryFields.of("x", Numbers.class));
    }

    private ValidatedQuery query(String json) throws Exception {
        return fields.definition().validate(JSON.readValue(json, QueryRequest.class));
    }
}
