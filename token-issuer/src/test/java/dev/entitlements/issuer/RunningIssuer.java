package dev.entitlements.issuer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A development token server on a free loopback port for the tests of one class
 * ({@code @RegisterExtension static}), and what those tests do with it: call it over HTTP and check
 * the tokens it signs as a resource server would.
 */
final class RunningIssuer implements BeforeAllCallback, AfterAllCallback {

    static final String ISSUER = "https://issuer.test";
    static final Duration TOKEN_TTL = Duration.ofMinutes(30);
    /** Redirects are not followed: the login's 302 and where it points are what its tests check. */
    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final TokenIssuer issuer = TokenIssuer.generate(ISSUER);
    private final DevClients clients;
    private final DevClients users;
    private DevTokenServer server;

    RunningIssuer(DevClients clients, DevClients users) {
        this.clients = clients;
        this.users = users;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = DevTokenServer.start("127.0.0.1", 0, issuer, clients, users, TOKEN_TTL);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    String tokenEndpoint() {
        return server.tokenEndpoint();
    }

    String authorizationEndpoint() {
        return server.authorizationEndpoint();
    }

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)));
    }

    /** Posts a form, with further headers as name, value pairs. */
    HttpResponse<String> postForm(String url, String form, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The claims of a token answer's {@code access_token}, once its signature, issuer, audience and expiry check out. */
    JwtClaims claimsOf(HttpResponse<String> tokenAnswer) throws JoseException, InvalidJwtException {
        String token = tokenAnswer.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
        return new JwtConsumerBuilder()
                .setVerificationKey(new JsonWebKeySet(issuer.publicJwks())
                        .getJsonWebKeys()
                        .get(0)
                        .getKey())
                .setExpectedIssuer(ISSUER)
                .setExpectedAudience(TokenIssuer.DEFAULT_AUDIENCE)
                .setRequireExpirationTime()
                .build()
                .processToClaims(token);
    }
}
