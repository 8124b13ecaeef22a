package dev.entitlements.issuer;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The development-only login of the console (issue 21): the authorization endpoint of an OAuth 2.0
 * code flow with PKCE (RFC 7636, S256 only) for the one public client {@value #CLIENT}. {@code GET
 * /authorize} shows a sign-in form with the demo users; {@code POST /authorize} checks the user's
 * password and sends the browser back to the console with a one-time code that {@code POST /token}
 * redeems against the page's verifier ({@link #redeem}). It lives in the development issuer, which
 * only the local stack starts: the production gateway has no login page, it sends the console to the
 * configured provider (Keycloak's {@code entitlements-ui} client).
 */
final class DevLogin {

    static final String PATH = DevTokenServer.LOGIN_PATH;
    static final String CLIENT = "entitlements-ui";
    private static final Duration CODE_TTL = Duration.ofMinutes(1);
    /** The console runs on the developer's machine: a code goes back to a loopback address only. */
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    /** What a code stands for until it is redeemed (once) or expires. */
    private record Grant(DevClients.Client user, String redirectUri, String challenge, Instant expires) {}

    /** A redeemed code's user, or the OAuth error ({@code user} null). */
    record Redemption(DevClients.Client user, String error, String description) {

        static Redemption refused(String error, String description) {
            return new Redemption(null, error, description);
        }
    }

    private final DevClients users;
    private final Clock clock;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    DevLogin(DevClients users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> params;
            if (exchange.getRequestMethod().equals("GET")) {
                params = Exchanges.form(exchange.getRequestURI().getRawQuery());
            } else if (exchange.getRequestMethod().equals("POST") && Exchanges.isForm(exchange)) {
                Optional<String> body = Exchanges.read(exchange.getRequestBody());
                params = Exchanges.form(body.orElse(""));
            } else {
                page(exchange, 405, Map.of(), "GET the sign-in page, POST its form");
                return;
            }
            Optional<String> invalid = invalid(params);
            if (invalid.isPresent()) {
                // no redirect: the redirect_uri itself may be what is wrong (RFC 6749 §4.1.2.1)
                page(exchange, 400, Map.of(), invalid.get());
                return;
            }
            if (exchange.getRequestMethod().equals("GET")) {
                page(exchange, 200, params, null);
                return;
            }
            Optional<DevClients.Client> user = users.authenticate(params.get("username"), params.get("password"));
            if (user.isEmpty()) {
                page(exchange, 401, params, "Wrong user name or password.");
                return;
            }
            String code = issue(user.get(), params.get("redirect_uri"), params.get("code_challenge"));
            String back = params.get("redirect_uri");
            back += (back.contains("?") ? "&" : "?") + "code=" + encode(code);
            if (params.get("state") != null) {
                back += "&state=" + encode(params.get("state"));
            }
            exchange.getResponseHeaders().add("Location", back);
            exchange.getResponseHeaders().add("Cache-Control", "no-store");
            exchange.sendResponseHeaders(302, -1);
        }
    }

    /**
     * A new code for the user, held until redeemed or expired. Codes a browser never brings back would
     * otherwise stay for the life of the process: each new one first drops those already expired, so
     * the map holds at most the codes of the last minute.
     */
    String issue(DevClients.Client user, String redirectUri, String challenge) {
        Instant now = clock.instant();
        codes.values().removeIf(grant -> expired(grant, now));
        String code = code();
        codes.put(code, new Grant(user, redirectUri, challenge, now.plus(CODE_TTL)));
        return code;
    }

    /** Codes issued and neither redeemed nor dropped yet. */
    int held() {
        return codes.size();
    }

    private static boolean expired(Grant grant, Instant now) {
        return grant.expires().isBefore(now);
    }

    /** Redeems a code of {@code POST /token} ({@code grant_type=authorization_code}): once, in time, by its verifier. */
    Redemption redeem(Map<String, String> form) {
        String code = form.get("code");
        String verifier = form.get("code_verifier");
        if (code == null || verifier == null || form.get("redirect_uri") == null) {
            return Redemption.refused("invalid_request", "code, code_verifier and redirect_uri are required");
        }
        if (!CLIENT.equals(form.get("client_id"))) {
            return Redemption.refused("invalid_client", "the code flow is for the client " + CLIENT);
        }
        Grant grant = codes.remove(code);
        if (grant == null || expired(grant, clock.instant())) {
            return Redemption.refused("invalid_grant", "unknown, used or expired code");
        }
        if (!grant.redirectUri().equals(form.get("redirect_uri"))) {
            return Redemption.refused("invalid_grant", "redirect_uri is not the one the code was issued for");
        }
        if (!MessageDigest.isEqual(
                challenge(verifier).getBytes(StandardCharsets.US_ASCII),
                grant.challenge().getBytes(StandardCharsets.US_ASCII))) {
            return Redemption.refused("invalid_grant", "code_verifier does not match the code_challenge");
        }
        return new Redemption(grant.user(), null, null);
    }

    /** The S256 challenge of a verifier: base64url(SHA-256(verifier)) without padding. */
    static String challenge(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<String> invalid(Map<String, String> p) {
        if (!"code".equals(p.get("response_type"))) {
            return Optional.of("response_type must be code");
        }
        if (!CLIENT.equals(p.get("client_id"))) {
            return Optional.of("unknown client_id: the development login serves " + CLIENT);
        }
        if (!"S256".equals(p.get("code_challenge_method")) || p.get("code_challenge") == null) {
            return Optional.of("PKCE is required: code_challenge with code_challenge_method S256");
        }
        try {
            URI redirect = new URI(p.getOrDefault("redirect_uri", ""));
            if (!"http".equals(redirect.getScheme()) && !"https".equals(redirect.getScheme())
                    || redirect.getHost() == null
                    || !LOOPBACK.contains(redirect.getHost())
                    || redirect.getFragment() != null) {
                return Optional.of("redirect_uri must be an http(s) URL on this machine (127.0.0.1 or localhost)");
            }
        } catch (java.net.URISyntaxException e) {
            return Optional.of("redirect_uri is not a URL");
        }
        return Optional.empty();
    }

    private String code() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The sign-in page; the flow's parameters ride along as hidden fields. */
    private void page(HttpExchange exchange, int status, Map<String, String> params, String message)
            throws IOException {
        StringBuilder html = new StringBuilder("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Sign in (development) · Entitlements console</title>
                <style>
                  body { font: 16px/1.5 system-ui, sans-serif; color: #1b1b1b; background: #f4f5f7; margin: 0; }
                  main { max-width: 28rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 8px;
                         box-shadow: 0 1px 3px rgba(0,0,0,.2); }
                  label { display: block; margin-top: 1rem; font-weight: 600; }
                  input { width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; border: 1px solid #555; border-radius: 4px; }
                  button { margin-top: 1.5rem; padding: .6rem 1.2rem; font: inherit; background: #0b57d0; color: #fff;
                           border: 0; border-radius: 4px; cursor: pointer; }
                  :focus-visible { outline: 3px solid #b45309; outline-offset: 2px; }
                  .note { background: #fff4ce; border-left: 4px solid #8a6d00; padding: .5rem 1rem; }
                  .error { color: #a50e0e; font-weight: 600; }
                  table { border-collapse: collapse; margin-top: .5rem; } th, td { text-align: left; padding: .2rem .6rem .2rem 0; }
                  code { font-size: .95em; }
                </style></head>
                <body><main>
                <h1>Sign in</h1>
                <p class="note">Development sign-in of the local run: the production stack signs in through its
                identity provider (Keycloak) and has no such page.</p>
                """);
        if (message != null) {
            html.append("<p class=\"error\" role=\"alert\">")
                    .append(escape(message))
                    .append("</p>\n");
        }
        if (status != 400 && status != 405) {
            html.append("<form method=\"post\" action=\"").append(PATH).append("\">\n");
            for (String hidden : new String[] {
                "response_type",
                "client_id",
                "redirect_uri",
                "scope",
                "state",
                "code_challenge",
                "code_challenge_method"
            }) {
                if (params.get(hidden) != null) {
                    html.append("<input type=\"hidden\" name=\"")
                            .append(hidden)
                            .append("\" value=\"")
                            .append(escape(params.get(hidden)))
                            .append("\">\n");
                }
            }
            html.append("""
                    <label for="username">User name</label>
                    <input id="username" name="username" autocomplete="username" required autofocus>
                    <label for="password">Password</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required>
                    <button id="kc-login" type="submit">Sign in</button>
                    </form>
                    <h2>Demo users</h2>
                    <table>
                    <thead><tr><th scope="col">User</th><th scope="col">Tenant</th><th scope="col">Role</th></tr></thead><tbody>
                    """);
            for (DevClients.Client u : users.all()) {
                html.append("<tr><td><code>")
                        .append(escape(u.clientId()))
                        .append("</code></td><td>")
                        .append(escape(u.tenantId() + " (" + u.tenantType() + ")"))
                        .append("</td><td>")
                        .append(escape(String.join(", ", u.roles())))
                        .append("</td></tr>\n");
            }
            html.append("</tbody></table>\n<p>Their passwords are in <code>.local/issuer/users.txt</code>.</p>\n");
        }
        html.append("</main></body></html>\n");
        Exchanges.answer(exchange, status, "text/html; charset=utf-8", html.toString());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
