package dev.entitlements.issuer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The development issuer as an OAuth 2.0 token endpoint ({@code POST /token}, RFC 6749 §4.4
 * client credentials), the way a real provider's (Keycloak's
 * {@code .../protocol/openid-connect/token}) is called: credentials in the form or as HTTP Basic,
 * a JSON answer with {@code access_token}, {@code token_type} and {@code expires_in}, and the RFC's
 * error answers ({@code 401 invalid_client}, {@code 400 unsupported_grant_type} / {@code
 * invalid_request}). The local run starts it beside the platform and points the gateway's token
 * route at it, as production points it at the provider: the gateway holds no signing key and no
 * client list.
 */
public final class DevTokenServer implements AutoCloseable {

    public static final String PATH = "/token";
    private static final int MAX_FORM = 16 * 1024;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "dev-token-server");
        t.setDaemon(true);
        return t;
    });
    private final TokenIssuer issuer;
    private final DevClients clients;
    private final Duration ttl;

    private DevTokenServer(HttpServer server, TokenIssuer issuer, DevClients clients, Duration ttl) {
        this.server = server;
        this.issuer = issuer;
        this.clients = clients;
        this.ttl = ttl;
    }

    /** Listens on {@code host:port} ({@code 0}: any free port) and signs for {@code clients}. */
    public static DevTokenServer start(String host, int port, TokenIssuer issuer, DevClients clients, Duration ttl) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
            DevTokenServer tokens = new DevTokenServer(server, issuer, clients, ttl);
            server.createContext(PATH, tokens::handle);
            server.setExecutor(tokens.threads);
            server.start();
            return tokens;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The token endpoint's URL, e.g. {@code http://127.0.0.1:8089/token}. */
    public String tokenEndpoint() {
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getHostString() + ":" + address.getPort() + PATH;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")
                    || !exchange.getRequestURI().getPath().equals(PATH)) {
                answer(exchange, 405, "{\"error\":\"invalid_request\",\"error_description\":\"POST " + PATH + "\"}");
                return;
            }
            String type = exchange.getRequestHeaders().getFirst("content-type");
            if (type == null
                    || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                answer(exchange, 400, error("invalid_request", "send a form (application/x-www-form-urlencoded)"));
                return;
            }
            Optional<String> body = read(exchange.getRequestBody());
            if (body.isEmpty()) {
                answer(exchange, 400, error("invalid_request", "the form is too large"));
                return;
            }
            Map<String, String> form = form(body.get());
            if (!"client_credentials".equals(form.get("grant_type"))) {
                answer(exchange, 400, error("unsupported_grant_type", "only client_credentials"));
                return;
            }
            String[] credentials =
                    credentials(form, exchange.getRequestHeaders().getFirst("authorization"));
            Optional<DevClients.Client> client =
                    credentials == null ? Optional.empty() : clients.authenticate(credentials[0], credentials[1]);
            if (client.isEmpty()) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"dev-issuer\"");
                answer(exchange, 401, error("invalid_client", "unknown client or wrong secret"));
                return;
            }
            DevClients.Client c = client.get();
            String token = issuer.mint(c.clientId(), c.tenantId(), c.tenantType(), c.roles(), ttl);
            answer(
                    exchange,
                    200,
                    "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":" + ttl.toSeconds()
                            + "}");
        }
    }

    private static String error(String code, String description) {
        return "{\"error\":\"" + code + "\",\"error_description\":\"" + description + "\"}";
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** The body as text, or empty when it is larger than a token request ever is. */
    private static Optional<String> read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_FORM + 1);
        return bytes.length > MAX_FORM ? Optional.empty() : Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.putIfAbsent(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return form;
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

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
