package dev.entitlements.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entitlements.contract.EventJson;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.PurchaseRecord;
import dev.entitlements.contract.events.TenantUpserted;
import dev.entitlements.infra.KeycloakServer;
import dev.entitlements.infra.KeycloakServer.Demo;
import dev.entitlements.infra.Ports;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.infra.test.TestTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The packaged services and the gateway against a real Keycloak (the realm of
 * {@code deploy/keycloak/entitlements-realm.json}) instead of the development issuer: tokens from the
 * gateway's RUCKUS-style token endpoint and straight from Keycloak are accepted by every service,
 * the realm's roles and tenant claims decide, and the development issuer's tokens are now refused.
 * The web console signs in and out through the realm's {@code entitlements-ui} client in a real browser.
 * Tagged {@code keycloak}: skipped (not failed) when the Keycloak distribution cannot be fetched.
 */
@Tag("keycloak")
class KeycloakIT {

    private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final String FORM = "application/x-www-form-urlencoded";

    private static KeycloakServer keycloak;
    private static PlatformStack stack;
    private static Api api;

    @BeforeAll
    static void platform() throws IOException {
        Assumptions.assumeTrue(KeycloakServer.available(), KeycloakServer::unavailableReason);
        int gatewayPort = Ports.free();
        keycloak = KeycloakServer.start(
                Path.of("target/keycloak"), Ports.free(), realmFor(gatewayPort), Duration.ofSeconds(300));
        // the console signs in at the realm's entitlements-ui client, as with ./run --keycloak
        Map<String, String> gateway = Map.of(
                "GATEWAY_TOKEN_UPSTREAM", keycloak.tokenEndpoint(),
                "CONSOLE_AUTHORIZATION_ENDPOINT", keycloak.authorizationEndpoint(),
                "CONSOLE_TOKEN_ENDPOINT", keycloak.tokenEndpoint(),
                "CONSOLE_END_SESSION_ENDPOINT", keycloak.endSessionEndpoint());
        stack = PlatformStack.start(keycloak::configure, gateway, gatewayPort);
        api = new Api(stack.gatewayUrl());
        // the realm's demo tenants, as tenant management announces them, and the MSP's purchases
        TestKafka.publish(
                EventType.TENANT_UPSERTED, "msp-demo", new TenantUpserted("msp-demo", "Demo MSP", "MSP", null));
        TestKafka.publish(
                EventType.TENANT_UPSERTED,
                "ec-alpha",
                new TenantUpserted("ec-alpha", "Alpha Hotels", "MSP_EC", "msp-demo"));
        int year = Family.TODAY.getYear();
        TestKafka.publishRaw(
                Topics.LICENSING_PURCHASES,
                "msp-demo",
                EventJson.write(new PurchaseRecord(
                        "msp-demo",
                        "acc-msp-demo",
                        "kc-pool",
                        "APSW-MSP100-001",
                        100,
                        year + "-01-01",
                        (year + 2) + "-12-31",
                        "Gold",
                        null,
                        null,
                        null,
                        null,
                        null)));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Test
    void aClientScriptGetsItsTokenFromTheGatewayAndEveryServiceAcceptsIt() {
        String token = gatewayToken("msp-demo", Demo.AUTOMATION, Demo.AUTOMATION_SECRET);
        assertEquals(200, api.call("GET", "/entitlements/settings", token, null).status());
        await().atMost(Family.WAIT)
                .until(() -> api.call("POST", "/tenants/self/entitlements/assignments", token, Family.assignmentBody())
                                .status()
                        == 201);
        assertEquals(
                200,
                api.call("POST", "/tenants/self/entitlements/assignments/query", token, "{}")
                        .status());
        // the sync service authenticated the caller and looked for the request: unknown id
        assertEquals(
                404,
                api.call("GET", "/entitlements/syncRequests/00000000-0000-0000-0000-000000000000", token, null)
                        .status());
        await().atMost(Family.WAIT)
                .until(() -> api.call("POST", "/entitlements/utilizations/query", token, "{}")
                                .status()
                        == 200);
    }

    @Test
    void theRealmsRolesDecide() {
        String reader = gatewayToken("msp-demo", Demo.READER, Demo.READER_SECRET);
        assertEquals(
                200, api.call("GET", "/entitlements/settings", reader, null).status());
        Api.Answer write = api.call("PATCH", "/entitlements/settings", reader, "[]");
        assertEquals(403, write.status(), write.toString());
        String licensing = keycloak.clientCredentialsToken(Demo.LICENSING, Demo.LICENSING_SECRET);
        assertEquals(
                403, api.call("GET", "/entitlements/settings", licensing, null).status());
    }

    @Test
    void aUsersTokenFromKeycloakActsForItsOwnTenant() {
        String user = keycloak.passwordToken(Demo.CLI, Demo.EC_ADMIN, Demo.ADMIN_PASSWORD);
        assertEquals(200, api.call("GET", "/entitlements/settings", user, null).status());
        // a customer is no MSP: it may not name another tenant
        assertEquals(
                403,
                api.call("GET", "/entitlements/settings", user, null, Map.of("x-rks-tenantid", "msp-demo"))
                        .status());
    }

    @Test
    void theGatewayHandsNoTokenForAnotherTenantOrAWrongSecret() {
        assertEquals(
                401,
                tokenCall("ec-alpha", Demo.AUTOMATION, Demo.AUTOMATION_SECRET).status());
        assertEquals(401, tokenCall("msp-demo", Demo.AUTOMATION, "wrong").status());
    }

    @Test
    void theDevelopmentIssuersTokensAreRefusedOnceAProviderIsConfigured() {
        String dev = TestTokens.issuer()
                .mint("admin@msp-demo", "msp-demo", "MSP", List.of("PRIME_ADMIN"), Duration.ofMinutes(5));
        for (String path : List.of("/entitlements/settings", "/entitlements/licenseUsageReports")) {
            Api.Answer a = api.call("GET", path, dev, null);
            assertEquals(401, a.status(), path + " " + a);
        }
    }

    @Test
    void theConsoleSignsInAndOutThroughKeycloaksUiClient() {
        try (Browser b = new Browser(Path.of("target/console-keycloak"), 1366, 900)) {
            b.open(stack.consoleUrl());
            b.await(By.id("sign-in")).click();
            // Keycloak's own login page (authorization code + PKCE, client entitlements-ui)
            b.until(d -> d.getCurrentUrl().startsWith(keycloak.authorizationEndpoint()));
            b.await(By.id("username")).sendKeys(Demo.MSP_ADMIN);
            b.driver().findElement(By.id("password")).sendKeys(Demo.ADMIN_PASSWORD);
            b.driver().findElement(By.id("kc-login")).click();
            b.awaitText(By.id("whoami"), "msp-demo");
            assertTrue(
                    b.driver().getCurrentUrl().startsWith(stack.consoleUrl()),
                    b.driver().getCurrentUrl());
            // the realm's token is one the API takes: the overview shows the MSP's purchase as the API counts it
            String token = keycloak.passwordToken(Demo.CLI, Demo.MSP_ADMIN, Demo.ADMIN_PASSWORD);
            await().atMost(Family.WAIT)
                    .until(() -> api.call("POST", "/entitlements/utilizations/query", token, "{}")
                            .body()
                            .matches("(?s).*\"quantity\":100[,}].*"));
            b.driver().navigate().refresh();
            b.await(By.cssSelector("#utilization-table tr[data-id='APSW:false']"));
            assertEquals(
                    "100",
                    b.driver()
                            .findElement(By.cssSelector("#utilization-table tr[data-id='APSW:false'] .num[data-value]"))
                            .getAttribute("data-value"));
            assertEquals(List.of(), b.scriptErrors(), "JavaScript errors");

            // signing out ends Keycloak's session too: the next sign-in asks for the password again
            b.driver().findElement(By.id("sign-out")).click();
            b.until(d -> d.getCurrentUrl().startsWith(stack.consoleUrl())
                    || !d.findElements(By.id("kc-logout")).isEmpty());
            if (!b.driver().findElements(By.id("kc-logout")).isEmpty()) {
                b.driver().findElement(By.id("kc-logout")).click(); // Keycloak's "do you want to log out?"
            }
            b.await(By.id("sign-in")).click();
            b.await(By.id("username"));
            assertTrue(
                    b.driver().getCurrentUrl().startsWith(keycloak.authorizationEndpoint()), "signed out at Keycloak");
        }
    }

    /** The realm of deploy/keycloak with its console origin (http://127.0.0.1:8080 there) on the test gateway's port. */
    private static Path realmFor(int gatewayPort) throws IOException {
        String realm = Files.readString(KeycloakServer.defaultRealmFile())
                .replace("127.0.0.1:8080", "127.0.0.1:" + gatewayPort)
                .replace("localhost:8080", "localhost:" + gatewayPort);
        Path file = Files.createDirectories(Path.of("target")).resolve("entitlements-realm-" + gatewayPort + ".json");
        return Files.writeString(file, realm);
    }

    private static String gatewayToken(String tenant, String client, String secret) {
        Api.Answer a = tokenCall(tenant, client, secret);
        assertEquals(200, a.status(), a.toString());
        Matcher m = TOKEN.matcher(a.body());
        assertTrue(m.find(), a.toString());
        return m.group(1);
    }

    private static Api.Answer tokenCall(String tenant, String client, String secret) {
        return api.call(
                "POST",
                "/oauth2/token/" + tenant,
                null,
                "grant_type=client_credentials&client_id=" + client + "&client_secret=" + secret,
                Map.of("Content-Type", FORM));
    }
}
