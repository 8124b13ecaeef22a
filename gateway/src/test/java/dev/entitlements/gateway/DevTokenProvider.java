package dev.entitlements.gateway;

import dev.entitlements.issuer.DevClients;
import dev.entitlements.issuer.DevTokenServer;
import dev.entitlements.issuer.TokenIssuer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The local run's token set-up: the development issuer's token endpoint ({@link DevTokenServer},
 * its key pair and clients in a temporary directory) as the provider the gateway passes client
 * credentials on to, and the console's login, exactly as ./run starts it.
 */
public class DevTokenProvider implements QuarkusTestResourceLifecycleManager {

    static final String ISSUER = "https://issuer.test";
    static Path keyFile;
    private DevTokenServer server;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("gateway-tokens");
            keyFile = dir.resolve("key.jwk.json");
            TokenIssuer issuer = TokenIssuer.loadOrCreate(keyFile, ISSUER);
            DevClients clients = DevClients.parse(List.of(
                    new DevClients.Client("msp-automation", "s3cret", "msp-1", "MSP", List.of("ADMIN")).line(),
                    new DevClients.Client("licensing", "l1c", "licensing", "SYSTEM", List.of("LICENSING_SERVICE"))
                            .line()));
            DevClients users = DevClients.of(
                    List.of(new DevClients.Client("admin@msp-1", "pa55", "msp-1", "MSP", List.of("PRIME_ADMIN"))));
            server = DevTokenServer.start("127.0.0.1", 0, issuer, clients, users, Duration.ofHours(1));
            return Map.of(
                    "gateway.token.upstream", server.tokenEndpoint(),
                    "gateway.console.authorization-endpoint", server.authorizationEndpoint(),
                    "gateway.console.token-endpoint", server.tokenEndpoint());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        server.close();
    }
}
