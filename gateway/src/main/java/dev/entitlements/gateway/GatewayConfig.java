package dev.entitlements.gateway;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.entitlements.issuer.TokenIssuer;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where each service of the route table listens, and where the token endpoint gets its tokens. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Service name (third column of routes.txt) → its base URL. */
    Map<String, URI> services();

    Token token();

    /** Bodies declared larger are refused with 413 before they reach a service (the services' own limit). */
    @WithDefault("1M")
    MemorySize maxBodySize();

    /** {@code POST /oauth2/token/{tenantId}}: an OIDC provider's token endpoint, else the development issuer. */
    interface Token {

        /** The OIDC provider's token endpoint (client credentials are passed on); wins over the development issuer. */
        Optional<URI> upstream();

        /** The development issuer's private key (a JWK file): set only for the local run. */
        Optional<Path> devKeyFile();

        /** The development issuer's clients ({@code DevClients} file). */
        Optional<Path> devClients();

        @WithDefault(TokenIssuer.DEFAULT_ISSUER)
        String devIssuer();

        @WithDefault("1h")
        Duration devTtl();
    }
}
