package dev.entitlements.sync;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays the external licensing system — the one true third party, so the one stand-in the tests
 * use: a real HTTP server answering {@code GET /accounts/{entitlementId}/purchases} with whatever
 * a test put in {@link #answers} (a JSON body, or an HTTP status as "status:503").
 */
public class LicensingSystemStub implements QuarkusTestResourceLifecycleManager {

    public static final Map<String, String> answers = new ConcurrentHashMap<>();

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        int port = vertx.createHttpServer()
                .requestHandler(req -> {
                    String[] parts = req.path().split("/");
                    String answer = parts.length == 4 && parts[1].equals("accounts") && parts[3].equals("purchases")
                            ? answers.get(parts[2])
                            : null;
                    if (answer == null) {
                        req.response().setStatusCode(404).end();
                    } else if (answer.startsWith("status:")) {
                        req.response()
                                .setStatusCode(Integer.parseInt(answer.substring(7)))
                                .end();
                    } else {
                        req.response()
                                .putHeader("content-type", "application/json")
                                .end(answer);
                    }
                })
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .join()
                .actualPort();
        return Map.of("quarkus.rest-client.licensing.url", "http://127.0.0.1:" + port);
    }

    @Override
    public void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
