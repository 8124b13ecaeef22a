package dev.entitlements.gateway;

import dev.entitlements.issuer.TokenIssuer;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Where each service of the route table listens, and where the token endpoint gets its tokens. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Service name (third column of routes.txt) → its base URL. */
    Map<String, URI> services();

    Token token();

    Upstream upstream();

    /** Bodies declared larger are refused with 413 before they reach a service (the services' own limit). */
    @WithDefault("1M")
    MemorySize maxBodySize();

    /**
     * The client the gateway calls the services with: every wait is bounded, and a failure is answered
     * with the JSON error body (503, 504 or 502: {@link UpstreamFailures}), never a hang.
     */
    interface Upstream {

        /** TCP connect to a service. */
        @WithDefault("1s")
        Duration connectTimeout();

        /** Getting a connection to a service, a free pooled one or a new one: longer is a 503. */
        @WithDefault("2s")
        Duration queueTimeout();

        /**
         * No byte of the service's answer for this long: 504. Above the services' own request deadline
         * (8 s, so their 503 arrives first) and below the HTTPRoute's and clients' 10 s.
         */
        @WithDefault("9500ms")
        Duration responseTimeout();

        /** Connections per service. */
        @WithDefault("64")
        int maxPoolSize();

        /** Requests waiting for a connection per service; beyond that a request is answered 503 at once. */
        @WithDefault("256")
        int maxWaitQueue();

        /** The Retry-After of a 503 or 504, in seconds. */
        @WithDefault("5")
        int retryAfterSeconds();
    }

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
