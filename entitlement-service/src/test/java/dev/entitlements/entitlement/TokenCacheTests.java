package dev.entitlements.entitlement;

import static io.restassured.RestAssured.given;

import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.infra.test.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The verified-token cache (common/security) in front of Quarkus OIDC: a token it remembers is
 * still refused once expired, and a token changed after signing is verified, not matched.
 */
@QuarkusTest
class TokenCacheTests {

    /** A new tenant has no entitlement account: 417 is the answer of a request that got past authentication. */
    private static final int AUTHENTICATED = 417;

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() throws InterruptedException {
        String tenant = "msp-" + UUID.randomUUID();
        String token = TestTokens.issuer()
                .mint("user@" + tenant, tenant, "MSP", List.of(Roles.READ_ONLY), Duration.ofSeconds(3));
        Instant expiry = Instant.now().plusSeconds(3);

        query(token, AUTHENTICATED); // verified by OIDC, remembered
        query(token, AUTHENTICATED); // from the cache

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis()) + 1_500);
        query(token, 401);
    }

    @Test
    void aTokenAlteredAfterItWasRememberedIsVerifiedAndRefused() {
        String tenant = "msp-" + UUID.randomUUID();
        String token = TestTokens.readOnly(tenant);
        query(token, AUTHENTICATED);

        String[] parts = token.split("\\.");
        char last = parts[2].charAt(parts[2].length() - 2);
        String forged = parts[0] + "." + parts[1] + "."
                + parts[2].substring(0, parts[2].length() - 2)
                + (last == 'A' ? 'B' : 'A')
                + parts[2].charAt(parts[2].length() - 1);
        query(forged, 401);
    }

    private static void query(String token, int status) {
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body("{\"pageSize\": 1}")
                .when()
                .post("/entitlements/query")
                .then()
                .statusCode(status);
    }
}
