package dev.entitlements.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console's development login: an authorization code flow with PKCE against the development
 * issuer, walked as a browser walks it (the page, the form post, the redirect, the code redeemed).
 */
class DevLoginTests {

    @RegisterExtension
    static final RunningIssuer ISSUER = new RunningIssuer(
            DevClients.parse(List.of()), DevClients.parse(List.of("admin@ec-1 pa55 ec-1 MSP_EC ADMIN")));

    private static final String CONSOLE = "http://127.0.0.1:8080/console/";
    /** RFC 7636 Appendix B's verifier and challenge. */
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Test
    void theS256ChallengeIsRfc7636s() {
        assertEquals(CHALLENGE, DevLogin.challenge(VERIFIER));
    }

    @Test
    void aUserSignsInAndThePageRedeemsItsCodeForATokenOfTheUsersTenantAndRoles() throws Exception {
        HttpResponse<String> page = ISSUER.get(authorize(CONSOLE));
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("<label for=\"password\">"), page.body());
        assertTrue(page.body().contains("admin@ec-1"), "the demo users are listed");
        assertFalse(page.body().contains("pa55"), "no password in the page");

        String code = signIn("admin@ec-1", "pa55", CONSOLE);
        HttpResponse<String> token = redeem(code, VERIFIER, CONSOLE);
        assertEquals(200, token.statusCode(), token.body());
        assertEquals(
                "*", token.headers().firstValue("access-control-allow-origin").orElse(null));
        JwtClaims claims = ISSUER.claimsOf(token);
        assertEquals("admin@ec-1", claims.getSubject());
        assertEquals("ec-1", claims.getClaimValueAsString("tenantId"));
        assertEquals("MSP_EC", claims.getClaimValueAsString("tenantType"));
        assertEquals(List.of("ADMIN"), claims.getStringListClaimValue("groups"));

        HttpResponse<String> again = redeem(code, VERIFIER, CONSOLE);
        assertEquals(400, again.statusCode());
        assertTrue(again.body().contains("\"invalid_grant\""), "a code is redeemed once: " + again.body());
    }

    @Test
    void aCodeIsWorthNothingWithoutItsVerifierOrAtAnotherRedirect() throws Exception {
        String code = signIn("admin@ec-1", "pa55", CONSOLE);
        HttpResponse<String> wrong = redeem(code, VERIFIER.replace('d', 'e'), CONSOLE);
        assertEquals(400, wrong.statusCode());
        assertTrue(wrong.body().contains("code_verifier does not match"), wrong.body());
        String other = signIn("admin@ec-1", "pa55", CONSOLE);
        HttpResponse<String> elsewhere = redeem(other, VERIFIER, "http://127.0.0.1:9999/");
        assertEquals(400, elsewhere.statusCode());
        assertTrue(elsewhere.body().contains("redirect_uri"), elsewhere.body());
    }

    @Test
    void aWrongPasswordStaysOnThePageWithoutACode() throws Exception {
        HttpResponse<String> r =
                ISSUER.postForm(ISSUER.authorizationEndpoint(), form(authorizeParams(CONSOLE), "admin@ec-1", "wrong"));
        assertEquals(401, r.statusCode());
        assertTrue(r.headers().firstValue("location").isEmpty());
        assertTrue(r.body().contains("role=\"alert\">Wrong user name or password."), r.body());
    }

    @Test
    void noCodeGoesOffThisMachineAndNoFlowWithoutPkce() throws Exception {
        HttpResponse<String> remote = ISSUER.get(authorize("https://evil.example/console/"));
        assertEquals(400, remote.statusCode());
        assertTrue(remote.body().contains("redirect_uri must be"), remote.body());
        HttpResponse<String> posted = ISSUER.postForm(
                ISSUER.authorizationEndpoint(),
                form(authorizeParams("https://evil.example/console/"), "admin@ec-1", "pa55"));
        assertEquals(400, posted.statusCode());
        assertTrue(posted.headers().firstValue("location").isEmpty());
        HttpResponse<String> plain =
                ISSUER.get(authorize(CONSOLE).replace("code_challenge_method=S256", "code_challenge_method=plain"));
        assertEquals(400, plain.statusCode());
        assertTrue(plain.body().contains("PKCE is required"), plain.body());
    }

    /** Signs in through the form and returns the code of the redirect (whose state is checked). */
    private static String signIn(String user, String password, String redirect) throws Exception {
        HttpResponse<String> r =
                ISSUER.postForm(ISSUER.authorizationEndpoint(), form(authorizeParams(redirect), user, password));
        assertEquals(302, r.statusCode(), r.body());
        String location = r.headers().firstValue("location").orElseThrow();
        assertTrue(location.startsWith(redirect + "?code="), location);
        assertTrue(location.endsWith("&state=s%2F1"), "the state comes back as sent: " + location);
        Matcher m = Pattern.compile("code=([^&]+)").matcher(location);
        assertTrue(m.find());
        return m.group(1);
    }

    private static Map<String, String> authorizeParams(String redirect) {
        return Map.of(
                "response_type", "code",
                "client_id", "entitlements-ui",
                "redirect_uri", redirect,
                "scope", "openid",
                "state", "s/1",
                "code_challenge", CHALLENGE,
                "code_challenge_method", "S256");
    }

    private static String authorize(String redirect) {
        return ISSUER.authorizationEndpoint() + "?" + encode(authorizeParams(redirect));
    }

    private static String form(Map<String, String> params, String user, String password) {
        return encode(params) + "&username=" + enc(user) + "&password=" + enc(password);
    }

    private static HttpResponse<String> redeem(String code, String verifier, String redirect) throws Exception {
        return ISSUER.postForm(
                ISSUER.tokenEndpoint(),
                encode(Map.of(
                        "grant_type", "authorization_code",
                        "code", code,
                        "code_verifier", verifier,
                        "redirect_uri", redirect,
                        "client_id", "entitlements-ui")));
    }

    private static String encode(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
