package dev.entitlements.gateway;

import dev.entitlements.issuer.DevClients;
import dev.entitlements.issuer.TokenIssuer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The local run's token set-up: a development key file and a client file, in a temporary directory. */
public class DevTokenProvider implements QuarkusTestResourceLifecycleManager {

    static final String ISSUER = "https://issuer.test";
    static Path keyFile;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("gateway-tokens");
            keyFile = dir.resolve("key.jwk.json");
            TokenIssuer.loadOrCreate(keyFile, ISSUER);
            Path clients = dir.resolve("clients.txt");
            DevClients.write(
                    clients,
                    List.of(
                            new DevClients.Client("msp-automation", "s3cret", "msp-1", "MSP", List.of("ADMIN")),
                            new DevClients.Client(
                                    "licensing", "l1c", "licensing", "SYSTEM", List.of("LICENSING_SERVICE"))));
            return Map.of(
                    "gateway.token.dev-key-file",
                    keyFile.toString(),
                    "gateway.token.dev-clients",
                    clients.toString(),
                    "gateway.token.dev-issuer",
                    ISSUER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // a temporary directory
    }
}
