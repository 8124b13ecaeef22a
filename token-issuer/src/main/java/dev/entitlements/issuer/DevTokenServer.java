package dev.entitlements.issuer;

import static dev.entitlements.issuer.Exchanges.decode;
import static dev.entitlements.issuer.Exchanges.error;
import static dev.entitlements.issuer.Exchanges.json;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The development issuer as an OAuth 2.0 provider, called the way a real one (Keycloak) is:
 * {@code POST /token} answers client credentials (RFC 6749 §4.4; in the form or as HTTP Basic) and
 * authorization codes with PKCE (§4.1, RFC 7636) with a JSON {@code access_token},
 * {@code token_type} and {@code expires_in}, or the RFC's error answers ({@code 401
 * invalid_client}, {@code 400 invalid_grant} / {@code unsupported_grant_type} / {@code
 * invalid_request}); {@code /authorize} is the development-only login page of the console's code
 * flow ({@link DevLogin}). The local run starts it beside the platform and points the gateway's token
 * route and the console at it, as production points them at the provider: the gateway holds no
 * signing key, no client list and no user.
 */
public final class DevTokenServer implements AutoCloseable {

    public static final String PATH = "/token";
    /** The console's development login (the authorization endpoint of its code flow). */
    public static final String LOGIN_PATH = "/authorize";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "dev-token-server");
        t.setDaemon(true);
        return t;
    });
    private final TokenIssuer issuer;
    private final DevClients clients;
    private final DevLogin login;
    private final Duration ttl;

    private DevTokenServer(HttpServer server, TokenIssuer issuer, DevClients clients, DevLogin login, Duration ttl) {
        this.server = server;
        this.issuer = issuer;
        this.clients = clients;
        this.login = login;
        this.ttl = ttl;
    }

    /** Listens on {@code host:port} ({@code 0}: any free port) and signs for {@code clients}; nobody can log in. */
    public static DevTokenServer start(String host, int port, TokenIssuer issuer, DevClients clients, Duration ttl) {
        return start(host, port, issuer, clients, DevClients.of(List.of()), ttl);
    }

    /**
     * The same, and {@code users} (the same columns as clients: name, password, tenant, tenant type,
     * roles) may log in to the console through {@code /authorize}.
     */
    public static DevTokenServer start(
            String host, int port, TokenIssuer issuer, DevClients clients, DevClients users, Duration ttl) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
            DevLogin login = new DevLogin(users, Clock.systemUTC());
            DevTokenServer tokens = new DevTokenServer(server, issuer, clients, login, ttl);
            server.createContext(PATH, tokens::handle);
            server.createContext(DevLogin.PATH, login::handle);
            server.setExecutor(tokens.threads);
            server.start();
            return tokens;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The token endpoint's URL, e.g. {@code http://127.0.0.1:8089/token}. */
    public String tokenEndpoint() {
        return base() + PATH;
    }

    /** The login page's URL (the authorization endpoint of the console's code flow). */
    public String authorizationEndpoint() {
        return base() + DevLogin.PATH;
    }

    private String base() {
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getHostString() + ":" + address.getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            // the console redeems its code from the browser, another origin than this one: a token is no
            // secret to the page that asked for it, and a code is useless without that page's verifier
            exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
            if (!exchange.getRequestMethod().equals("POST")
                    || !exchange.getRequestURI().getPath().equals(PATH)) {
                json(exchange, 405, error("invalid_request", "POST " + PATH));
                return;
            }
            if (!Exchanges.isForm(exchange)) {
                json(exchange, 400, error("invalid_request", "send a form (application/x-www-form-urlencoded)"));
                return;
            }
            Optional<String> body = Exchanges.read(exchange.getRequestBody());
            if (body.isEmpty()) {
                json(exchange, 400, error("invalid_request", "the form is too large"));
                return;
            }
            Map<String, String> form = Exchanges.form(body.get());
            String grant = form.get("grant_type");
            if ("authorization_code".equals(grant)) {
                DevLogin.Redemption r = login.redeem(form);
                if (r.user() == null) {
                    json(exchange, 400, error(r.error(), r.description()));
                    return;
                }
                token(exchange, r.user());
            } else if ("client_credentials".equals(grant)) {
                clientCredentials(exchange, form);
            } else {
                json(exchange, 400, error("unsupported_grant_type", "client_credentials or authorization_code"));
            }
        }
    }

    private void clientCredentials(HttpExchange exchange, Map<String, String> form) throws IOException {
        String[] credentials = credentials(form, exchange.getRequestHeaders().getFirst("authorization"));
        Optional<DevClients.Client> client =
                credentials == null ? Optional.empty() : clients.authenticate(credentials[0], credentials[1]);
        if (client.isEmpty()) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"dev-issuer\"");
            json(exchange, 401, error("invalid_client", "unknown client or wrong secret"));
            return;
        }
        token(exchange, client.get());
    }

    private void token(HttpExchange exchange, DevClients.Client who) throws IOException {
        String token = issuer.mint(who.clientId(), who.tenantId(), who.tenantType(), who.roles(), ttl);
        json(
                exchange,
                200,
                "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":" + ttl.toSeconds()
                        + "}");
    }

    /** Client id and secret from the form, else from HTTP Basic (RFC 6749 §2.3.1); null when neither. */
    private static String[] credentials(Map<String, String> form, String authorization) {
        if (form.get("client_id") != null && form.get("client_secret") != null) {
            return new String[] {form.get("client_id"), form.get("client_secret")};
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(
                        Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon > 0) {
                    return new String[] {decode(pair.substring(0, colon)), decode(pair.substring(colon + 1))};
                }
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
