package dev.entitlements.assignment;

import static dev.entitlements.assignment.AssignmentFixtures.SELF;
import static dev.entitlements.assignment.AssignmentFixtures.TODAY;
import static dev.entitlements.assignment.AssignmentFixtures.body;
import static dev.entitlements.assignment.AssignmentFixtures.create;
import static dev.entitlements.assignment.AssignmentFixtures.mspWithPool;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bucket's step function (what the capacity check reads instead of the assignments) equals
 * the sum of the live assignment rows at every instant where either can change, after a random
 * run of creates, updates, deletes and refusals.
 */
@QuarkusTest
class AssignmentStepsTests {

    @Test
    void theStepsAlwaysEqualTheLiveAssignments() {
        String msp = mspWithPool();
        Random random = new Random(1123);
        List<Long> live = new ArrayList<>();
        int created = 0;
        int refused = 0;
        for (int i = 0; i < 60; i++) {
            int op = random.nextInt(10);
            if (op < 6 || live.isEmpty()) {
                int from = random.nextInt(20);
                var r = create(msp, body(from, from + 1 + random.nextInt(60), 1 + random.nextInt(30), "APSW"))
                        .extract();
                if (r.statusCode() == 201) {
                    live.add(((Number) r.path("data.id")).longValue());
                    created++;
                } else {
                    assertEquals(402, r.statusCode(), r.body().asString());
                    refused++;
                }
            } else if (op < 8) {
                long id = live.remove(random.nextInt(live.size()));
                given().auth()
                        .oauth2(TestTokens.mspAdmin(msp))
                        .when()
                        .delete(SELF + "/" + id)
                        .then()
                        .statusCode(204);
            } else {
                int index = random.nextInt(live.size());
                var r = given().auth()
                        .oauth2(TestTokens.mspAdmin(msp))
                        .contentType(ContentType.JSON)
                        .body("{\"quantity\": " + (1 + random.nextInt(40)) + ", \"expirationDate\": \""
                                + TODAY.plusDays(5 + random.nextInt(90)) + "\"}")
                        .when()
                        .patch(SELF + "/" + live.get(index))
                        .then()
                        .extract();
                if (r.statusCode() == 200) {
                    live.set(index, ((Number) r.path("data.id")).longValue());
                } else {
                    assertEquals(402, r.statusCode(), r.body().asString());
                }
            }
        }
        assertTrue(
                created > 10 && refused > 0,
                "the run both fills the pool and hits its limit: " + created + " / " + refused);

        // at every step and every boundary of a live assignment: the step in force = the sum of the rows covering it
        Number mismatches = (Number) TestDatabase.single("""
                WITH points AS (SELECT at FROM bucket_step WHERE provider_tenant_id = ?
                                UNION SELECT effective_date FROM assignment WHERE provider_tenant_id = ? AND revoked_date IS NULL
                                UNION SELECT expiration_date + INTERVAL '1 microsecond' FROM assignment
                                       WHERE provider_tenant_id = ? AND revoked_date IS NULL)
                SELECT count(*) FROM points p
                 WHERE coalesce((SELECT s.assigned FROM bucket_step s WHERE s.provider_tenant_id = ? AND s.at <= p.at
                                  ORDER BY s.at DESC LIMIT 1), 0)
                    <> (SELECT coalesce(sum(a.quantity), 0) FROM assignment a WHERE a.provider_tenant_id = ? AND a.revoked_date IS NULL
                          AND a.effective_date <= p.at AND a.expiration_date >= p.at)""", msp, msp, msp, msp, msp);
        assertEquals(0, mismatches.intValue());
        Number peak =
                (Number) TestDatabase.single("SELECT max(assigned) FROM bucket_step WHERE provider_tenant_id = ?", msp);
        assertTrue(peak.longValue() <= 100, "never above the pool: " + peak);
    }
}
