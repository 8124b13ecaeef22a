package dev.entitlements.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.Map;

/**
 * One HTTP server standing in for all four services: it echoes which service name it was reached
 * as (from its port), the method, the path and the request id, so a test can see where the gateway
 * sent a request and what it passed on. A request with {@code x-stub-hang} is never answered (a
 * service stuck on its database); the gateway's response timeout is short here so the test is quick.
 */
public class BackendStub implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new java.util.HashMap<>();
        for (String service : new String[] {"entitlement", "assignment", "sync", "reporting"}) {
            HttpServer server = vertx.createHttpServer()
                    .requestHandler(req -> req.body().onSuccess(body -> {
                        if (hang(req)) {
                            return;
                        }
                        req.response()
                                .putHeader("content-type", "application/json")
                                .putHeader("x-backend", service)
                                .end("{\"service\":\"" + service + "\",\"method\":\"" + req.method() + "\",\"path\":\""
                                        + req.path()
                                        + "\",\"requestId\":\"" + req.getHeader("x-request-id")
                                        + "\",\"authorization\":\""
                                        + req.getHeader("authorization") + "\",\"forwardedHost\":\""
                                        + req.getHeader("x-forwarded-host")
                                        + "\",\"forwardedProto\":\"" + req.getHeader("x-forwarded-proto")
                                        + "\",\"contentLength\":\"" + req.getHeader("content-length")
                                        + "\",\"body\":" + body.length() + "}");
                    }));
            int port = server.listen(0, "127.0.0.1")
                    .toCompletionStage()
                    .toCompletableFuture()
                    .join()
                    .actualPort();
            config.put("gateway.services." + service, "http://127.0.0.1:" + port);
        }
        config.put("gateway.upstream.response-timeout", RESPONSE_TIMEOUT.toMillis() + "ms");
        return config;
    }

    /** The gateway's response timeout in these tests. */
    static final java.time.Duration RESPONSE_TIMEOUT = java.time.Duration.ofSeconds(2);

    static final String HANG = "x-stub-hang";

    private static boolean hang(io.vertx.core.http.HttpServerRequest req) {
        return req.getHeader(HANG) != null;
    }

    @Override
    public void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
