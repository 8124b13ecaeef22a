package dev.entitlements.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The development issuer's token endpoint, called as the gateway calls a provider's. */
class DevTokenServerTests {

    @RegisterExtension
    static final RunningIssuer ISSUER = new RunningIssuer(
            DevClients.parse(List.of("automation s3cret msp-1 MSP ADMIN,READ_ONLY")), DevClients.parse(List.of()));

    @Test
    void aClientWithItsSecretGetsATokenOfItsTenantAndRolesForThePlatformAudience() throws Exception {
        HttpResponse<String> r = post("grant_type=client_credentials&client_id=automation&client_secret=s3cret", null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("no-store", r.headers().firstValue("cache-control").orElse(null));
        assertTrue(r.body().contains("\"token_type\":\"Bearer\""), r.body());
        assertTrue(r.body().contains("\"expires_in\":1800"), r.body());
        JwtClaims claims = ISSUER.claimsOf(r);
        assertEquals("automation", claims.getSubject());
        assertEquals("msp-1", claims.getClaimValueAsString("tenantId"));
        assertEquals("MSP", claims.getClaimValueAsString("tenantType"));
        assertEquals(List.of("ADMIN", "READ_ONLY"), claims.getStringListClaimValue("groups"));
    }

    @Test
    void httpBasicCarriesTheCredentialsToo() throws Exception {
        String basic =
                "Basic " + Base64.getEncoder().encodeToString("automation:s3cret".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, post("grant_type=client_credentials", basic).statusCode());
    }

    @Test
    void aWrongSecretOrAnUnknownClientIs401InvalidClientAndOtherMistakes400() throws Exception {
        for (String form : List.of(
                "grant_type=client_credentials&client_id=automation&client_secret=wrong",
                "grant_type=client_credentials&client_id=nobody&client_secret=s3cret",
                "grant_type=client_credentials&client_id=automation&client_secret=%zz")) {
            HttpResponse<String> r = post(form, null);
            assertEquals(401, r.statusCode(), form);
            assertTrue(r.body().contains("\"invalid_client\""), r.body());
        }
        HttpResponse<String> grant = post("grant_type=password&client_id=automation&client_secret=s3cret", null);
        assertEquals(400, grant.statusCode());
        assertTrue(grant.body().contains("\"unsupported_grant_type\""), grant.body());
        assertEquals(401, post("grant_type=client_credentials", null).statusCode());
        HttpResponse<String> json = ISSUER.send(HttpRequest.newBuilder(URI.create(ISSUER.tokenEndpoint()))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(400, json.statusCode());
    }

    private static HttpResponse<String> post(String form, String authorization) throws Exception {
        return authorization == null
                ? ISSUER.postForm(ISSUER.tokenEndpoint(), form)
                : ISSUER.postForm(ISSUER.tokenEndpoint(), form, "authorization", authorization);
    }
}
