package dev.entitlements.assignment;

import static dev.entitlements.assignment.AssignmentFixtures.SELF;
import static dev.entitlements.assignment.AssignmentFixtures.assigned;
import static dev.entitlements.assignment.AssignmentFixtures.body;
import static dev.entitlements.assignment.AssignmentFixtures.mspWithPool;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.contract.Topics;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** docs/decisions.md: a retry with the same Idempotency-Key and body gets the first answer; the key with another body is a 422. */
@QuarkusTest
class IdempotencyKeyTests {

    @Test
    void aRetryGetsTheFirstAnswerAndAssignsNothingMore() {
        String msp = mspWithPool();
        String key = UUID.randomUUID().toString();
        ExtractableResponse<Response> first = create(msp, key, body(0, 30, 60, "APSW"))
                .statusCode(201)
                .header(REPLAYED, nullValue())
                .extract();
        // the same request in other words (whitespace, field order) is the same request
        ExtractableResponse<Response> retry = create(
                        msp,
                        key,
                        "{\"quantity\": 60,  \"licenseType\": \"APSW\", "
                                + body(0, 30, 60, "APSW")
                                        .substring(1)
                                        .replace(", \"quantity\": 60, \"licenseType\": \"APSW\"", ""))
                .statusCode(201)
                .header(REPLAYED, equalTo("true"))
                .extract();
        assertEquals(first.body().asString(), retry.body().asString(), "the first answer, byte for byte");
        assertEquals(60L, assigned(msp));
        // a marker after the retry: everything the retry caused is on the topic before it (one key, one partition,
        // outbox order)
        AssignmentFixtures.create(msp, body(0, 30, 1, "APSW")).statusCode(201);
        List<ConsumerRecord<String, String>> events = TestKafka.collectUntil(
                Topics.ASSIGNMENT_EVENTS, msp, r -> r.value().contains("\"quantity\":1,"), AssignmentFixtures.WAIT);
        assertEquals(
                1,
                events.stream()
                        .filter(r -> r.value().contains("\"quantity\":60,"))
                        .count(),
                "one assignment.created of 60");

        create(msp, key, body(0, 30, 61, "APSW"))
                .statusCode(422)
                .body("errors[0].code", equalTo("ENTITLEMENT-10103"))
                .body("errors[0].reason", containsString("Idempotency-Key"));
        // the key belongs to its tenant: another MSP may use the same one
        String other = mspWithPool();
        create(other, key, body(0, 30, 60, "APSW")).statusCode(201).header(REPLAYED, nullValue());
        assertEquals(60L, assigned(other));
    }

    @Test
    void aRefusedCreateLeavesItsKeyUnused() {
        String msp = mspWithPool();
        String key = UUID.randomUUID().toString();
        create(msp, key, body(0, 30, 101, "APSW")).statusCode(402);
        create(msp, key, body(0, 30, 100, "APSW")).statusCode(201).header(REPLAYED, nullValue());
        create(msp, key, body(0, 30, 100, "APSW")).statusCode(201).header(REPLAYED, equalTo("true"));
        assertEquals(100L, assigned(msp));
    }

    @Test
    void concurrentRetriesOfOneKeyMakeOneAssignment() throws Exception {
        String msp = mspWithPool();
        String key = UUID.randomUUID().toString();
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<ExtractableResponse<Response>>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(threads.submit(
                        () -> create(msp, key, body(0, 30, 7, "APSW")).extract()));
            }
            Set<Object> ids = new HashSet<>();
            for (Future<ExtractableResponse<Response>> a : answers) {
                assertEquals(201, a.get().statusCode(), a.get().body().asString());
                ids.add(a.get().path("data.id"));
            }
            assertEquals(1, ids.size(), "every answer names the same assignment");
            assertEquals(7L, assigned(msp));
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * The retries of a create that takes the whole pool: the first fills it, and the others must
     * get its answer, not a 402 from a capacity check the first one's licenses now fail.
     */
    @Test
    void concurrentRetriesOfACreateThatFillsThePoolAllGetItsAnswer() throws Exception {
        String msp = mspWithPool();
        String key = UUID.randomUUID().toString();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<ExtractableResponse<Response>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(threads.submit(
                        () -> create(msp, key, body(0, 30, 100, "APSW")).extract()));
            }
            Set<Object> ids = new HashSet<>();
            for (Future<ExtractableResponse<Response>> a : answers) {
                assertEquals(201, a.get().statusCode(), a.get().body().asString());
                ids.add(a.get().path("data.id"));
            }
            assertEquals(1, ids.size(), "every answer names the same assignment");
            assertEquals(100L, assigned(msp));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aKeyThatIsNoKeyIs400() {
        String msp = mspWithPool();
        create(msp, "x".repeat(256), body(0, 30, 1, "APSW"))
                .statusCode(400)
                .body("errors[0].reason", containsString("Idempotency-Key"));
        assertEquals(0L, assigned(msp));
    }

    private static final String REPLAYED = "Idempotent-Replayed";

    private static ValidatableResponse create(String msp, String key, String body) {
        return given().auth()
                .oauth2(TestTokens.mspAdmin(msp))
                .header("Idempotency-Key", key)
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post(SELF)
                .then();
    }
}
