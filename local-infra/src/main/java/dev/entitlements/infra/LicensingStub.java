package dev.entitlements.infra;

import com.sun.net.httpserver.HttpServer;
import dev.entitlements.contract.EventJson;
import dev.entitlements.contract.events.PurchaseRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * A stand-in for the external licensing system, the one true third party of the platform: answers
 * {@code GET /accounts/{account}/purchases} (what {@code PATCH /entitlements} pulls) with the order
 * lines {@code purchases} gives for the account, 404 when it gives none (null).
 */
public final class LicensingStub implements AutoCloseable {

    private final HttpServer server;

    private LicensingStub(HttpServer server) {
        this.server = server;
    }

    /** Listens on {@code host:port} ({@code 0}: any free port). */
    public static LicensingStub start(String host, int port, Function<String, List<PurchaseRecord>> purchases) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
            server.createContext("/accounts/", exchange -> {
                try (exchange) {
                    String path = exchange.getRequestURI().getPath();
                    List<PurchaseRecord> lines =
                            path.matches("/accounts/[^/]+/purchases") ? purchases.apply(path.split("/")[2]) : null;
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    if (lines == null) {
                        exchange.sendResponseHeaders(404, -1);
                        return;
                    }
                    byte[] body = EventJson.write(lines).getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
            });
            server.start();
            return new LicensingStub(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL the sync-service takes as {@code LICENSING_URL}. */
    public String url() {
        return "http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
