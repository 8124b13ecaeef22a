package dev.entitlements.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * An OIDC provider's token endpoint, as far as the gateway sees it: client credentials in a form,
 * a JSON answer with an access token whose payload names the client's tenant. Two clients; a wrong
 * secret is a 401 (Keycloak answers 401 {@code invalid_client}); client {@code broken} gets a 500.
 */
public class ProviderStub implements QuarkusTestResourceLifecycleManager {

    static final Map<String, String[]> CLIENTS = Map.of(
            "automation", new String[] {"pw", "msp-1"},
            "broken", new String[] {"pw", "msp-1"});
    static volatile String lastBody;
    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer()
                .requestHandler(req -> req.body().onSuccess(body -> {
                    lastBody = body.toString();
                    Map<String, String> form = new java.util.HashMap<>();
                    for (String pair : lastBody.split("&")) {
                        String[] kv = pair.split("=", 2);
                        form.put(kv[0], kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
                    }
                    String[] client = CLIENTS.get(form.get("client_id"));
                    if (client == null || !client[0].equals(form.get("client_secret"))) {
                        req.response()
                                .setStatusCode(401)
                                .putHeader("content-type", "application/json")
                                .end("{\"error\":\"invalid_client\"}");
                        return;
                    }
                    if (form.get("client_id").equals("broken")) {
                        req.response().setStatusCode(500).end("oops");
                        return;
                    }
                    String payload = Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(
                                    ("{\"tenantId\":\"" + client[1] + "\",\"sub\":\"" + form.get("client_id") + "\"}")
                                            .getBytes(StandardCharsets.UTF_8));
                    req.response()
                            .putHeader("content-type", "application/json")
                            .end(
                                    "{\"access_token\":\"h." + payload
                                            + ".s\",\"token_type\":\"Bearer\",\"expires_in\":300,\"refresh_expires_in\":0,\"scope\":\"profile\"}");
                }));
        int port = server.listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .join()
                .actualPort();
        return Map.of("gateway.token.upstream", "http://127.0.0.1:" + port + "/realms/x/protocol/openid-connect/token");
    }

    @Override
    public void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
