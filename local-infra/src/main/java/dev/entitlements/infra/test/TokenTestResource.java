package dev.entitlements.infra.test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the service's OIDC verification at the test issuer's key ({@link TestTokens}). */
public class TokenTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return TestTokens.issuer().verifierConfig();
    }

    @Override
    public void stop() {
        // the key pair lives as long as the test JVM
    }
}
