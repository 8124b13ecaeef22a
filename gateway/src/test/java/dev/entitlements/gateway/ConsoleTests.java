package dev.entitlements.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The console's files, its sign-in configuration and the policy its pages are served with. */
@QuarkusTest
@QuarkusTestResource(value = BackendStub.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = DevTokenProvider.class, restrictToAnnotatedClass = true)
class ConsoleTests {

    @TestHTTPResource("/")
    URI base;

    @Test
    void thePageComesWithAPolicyOfItsOwnOriginAndTheProvidersTokenEndpoint() throws Exception {
        String token = given().get("/console/config.json").then().extract().path("tokenEndpoint");
        URI provider = URI.create(token);
        // the page's links are relative: /console must become /console/
        HttpResponse<Void> bare = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "console")).build(),
                        HttpResponse.BodyHandlers.discarding());
        assertEquals(302, bare.statusCode());
        assertEquals("/console/", bare.headers().firstValue("location").orElse(null));
        given().get("/console/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header(
                        "content-security-policy",
                        containsString("connect-src 'self' http://" + provider.getRawAuthority() + ";"))
                .header("content-security-policy", containsString("script-src 'self';"))
                .header("content-security-policy", containsString("frame-ancestors 'none'"))
                .header("referrer-policy", equalTo("no-referrer"))
                .body(containsString("<main"));
    }

    @Test
    void theConfigurationNamesTheProvidersEndpointsForThePublicClient() {
        given().get("/console/config.json")
                .then()
                .statusCode(200)
                .header("cache-control", "no-store")
                .body("clientId", equalTo("entitlements-ui"))
                .body("scope", equalTo("openid"))
                .body("authorizationEndpoint", startsWith("http://127.0.0.1:"))
                .body("authorizationEndpoint", containsString("/authorize"))
                .body("tokenEndpoint", containsString("/token"))
                .body("endSessionEndpoint", nullValue());
    }

    @Test
    void theChartLibraryComesFromItsWebJarAndNothingOutsideTheFoldersIsServed() {
        given().get("/console/vendor/chart.umd.js")
                .then()
                .statusCode(200)
                .contentType(containsString("text/javascript"))
                .header("x-content-type-options", "nosniff")
                .body(containsString("Chart"));
        given().get("/console/js/main.js").then().statusCode(200).contentType(containsString("text/javascript"));
        given().get("/console/app.css").then().statusCode(200).contentType(containsString("text/css"));
        for (String path : new String[] {
            "/console/../application.properties",
            "/console/%2e%2e/application.properties",
            "/console/.hidden",
            "/console/vendor/../../../application.properties",
            "/console/no-such-file.js"
        }) {
            given().urlEncodingEnabled(false).get(path).then().statusCode(404);
        }
    }

    @Test
    void withoutATokenEndpointThePolicyAllowsCallsToItsOwnOriginOnly() {
        assertEquals(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
                        + " frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
                Console.policy(Optional.empty()));
    }
}
