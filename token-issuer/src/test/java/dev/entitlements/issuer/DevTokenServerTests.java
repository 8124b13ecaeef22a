package dev.entitlements.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The development issuer's token endpoint, called as the gateway calls a provider's. */
class DevTokenServerTests {

    private static final TokenIssuer ISSUER = TokenIssuer.generate("https://issuer.test");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static DevTokenServer server;

    @BeforeAll
    static void start() {
        server = DevTokenServer.start(
                "127.0.0.1",
                0,
                ISSUER,
                DevClients.parse(List.of("automation s3cret msp-1 MSP ADMIN,READ_ONLY")),
                Duration.ofMinutes(30));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aClientWithItsSecretGetsATokenOfItsTenantAndRolesForThePlatformAudience() throws Exception {
        HttpResponse<String> r = post("grant_type=client_credentials&client_id=automation&client_secret=s3cret", null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("no-store", r.headers().firstValue("cache-control").orElse(null));
        assertTrue(r.body().contains("\"token_type\":\"Bearer\""), r.body());
        assertTrue(r.body().contains("\"expires_in\":1800"), r.body());
        String token = r.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
        JwtClaims claims = new JwtConsumerBuilder()
                .setVerificationKey(new JsonWebKeySet(ISSUER.publicJwks())
                        .getJsonWebKeys()
                        .get(0)
                        .getKey())
                .setExpectedIssuer("https://issuer.test")
                .setExpectedAudience(TokenIssuer.DEFAULT_AUDIENCE)
                .setRequireExpirationTime()
                .build()
                .processToClaims(token);
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
        HttpResponse<String> json = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.tokenEndpoint()))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, json.statusCode());
    }

    private static HttpResponse<String> post(String form, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.tokenEndpoint()))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            b.header("authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
