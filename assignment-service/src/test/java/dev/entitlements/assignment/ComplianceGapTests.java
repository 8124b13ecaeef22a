package dev.entitlements.assignment;

import static dev.entitlements.assignment.AssignmentFixtures.WAIT;
import static dev.entitlements.assignment.AssignmentFixtures.assigned;
import static dev.entitlements.assignment.AssignmentFixtures.body;
import static dev.entitlements.assignment.AssignmentFixtures.changeQuantity;
import static dev.entitlements.assignment.AssignmentFixtures.create;
import static dev.entitlements.assignment.AssignmentFixtures.mspWithPool;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.Topics;
import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A pool shrinking under its assignments revokes nothing and raises a COMPLIANCE_GAP note, closed once they fit again. */
@QuarkusTest
class ComplianceGapTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aReducedPoolRaisesTheGapAndARevokeClosesIt() throws Exception {
        String msp = mspWithPool();
        long first = ((Number) create(msp, body(0, 30, 60, "APSW"))
                        .statusCode(201)
                        .extract()
                        .path("data.id"))
                .longValue();
        create(msp, body(10, 60, 20, "APSW")).statusCode(201);

        changeQuantity(msp, "pool-1", 100, 50);
        JsonNode opened = note(msp, "licenses are assigned beyond the pools");
        // at day 10..30 both assignments hold 80 of a pool of 50
        assertEquals(
                "30 APSW licenses are assigned beyond the pools",
                opened.get("summary").asText());
        assertEquals("COMPLIANCE_GAP", opened.get("type").asText());
        assertEquals("MSP", opened.get("tenantType").asText());
        assertEquals("APSW", opened.get("licenseType").asText());
        assertTrue(opened.get("endDate").isNull(), "open");
        assertEquals(80L, assigned(msp), "nothing was revoked");
        assertEquals(
                30,
                ((Number) TestDatabase.single(
                                "SELECT compliance_gap FROM pool_bucket WHERE provider_tenant_id = ?", msp))
                        .intValue());
        // nothing more fits while the pool is over-assigned
        create(msp, body(0, 5, 1, "APSW"))
                .statusCode(402)
                .body("errors[0].suggestion", containsString("maxQuantity: 0"));

        given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .when()
                .delete(AssignmentFixtures.SELF + "/" + first)
                .then()
                .statusCode(204);
        JsonNode closed = note(msp, "fit the pools again");
        assertEquals(opened.get("noteId").asText(), closed.get("noteId").asText(), "the same note, closed");
        assertEquals(opened.get("startDate").asText(), closed.get("startDate").asText(), "it keeps its start");
        assertNotNull(closed.get("endDate").textValue());
        assertEquals(
                0,
                ((Number) TestDatabase.single(
                                "SELECT compliance_gap FROM pool_bucket WHERE provider_tenant_id = ?", msp))
                        .intValue());
        assertNull(
                TestDatabase.single("SELECT compliance_gap_since FROM pool_bucket WHERE provider_tenant_id = ?", msp));
    }

    @Test
    void aPoolThatStillCoversItsAssignmentsRaisesNothing() throws Exception {
        String msp = mspWithPool();
        create(msp, body(0, 30, 40, "APSW")).statusCode(201);
        changeQuantity(msp, "pool-1", 100, 40);
        await().atMost(WAIT)
                .until(() ->
                        ((Number) TestDatabase.single("SELECT quantity FROM pool WHERE provider_tenant_id = ?", msp))
                                        .intValue()
                                == 40);
        // a marker: any note the change caused would be on the topic before this one
        changeQuantity(msp, "pool-1", 40, 39);
        JsonNode first = note(msp, "");
        assertEquals(
                "1 APSW licenses are assigned beyond the pools",
                first.get("summary").asText(),
                "the first note is the marker's");
    }

    /** The first attention.raised of the MSP whose summary contains {@code text}, from the start of the topic. */
    private static JsonNode note(String msp, String text) throws Exception {
        ConsumerRecord<String, String> r = TestKafka.await(
                Topics.ATTENTION_EVENTS,
                e -> msp.equals(e.key())
                        && EventType.ATTENTION_RAISED.type().equals(TestKafka.header(e, "ce_type"))
                        && e.value().contains(text),
                WAIT);
        return JSON.readTree(r.value());
    }
}
