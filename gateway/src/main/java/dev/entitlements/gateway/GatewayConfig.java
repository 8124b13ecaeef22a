package dev.entitlements.gateway;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
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

    Console console();

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

    /** {@code POST /oauth2/token/{tenantId}}: where the tokens come from. */
    interface Token {

        /**
         * The OIDC provider's token endpoint; client credentials are passed on to it. On the local run
         * the development issuer's ({@code DevTokenServer}, started by the local stack). Unset: 404.
         */
        Optional<URI> upstream();
    }

    /**
     * Where the web console signs in (its OIDC authorization code flow with PKCE, {@link
     * dev.entitlements.gateway.Console}): the provider's endpoints for the public client. Unset
     * endpoints: the console says that no provider is configured.
     */
    interface Console {

        /** Keycloak: {@code .../realms/entitlements/protocol/openid-connect/auth}; the local run: the development login. */
        Optional<URI> authorizationEndpoint();

        /** Where the page redeems its code; also the one other origin the page may call. */
        Optional<URI> tokenEndpoint();

        /** Where "Sign out" sends the browser, when the provider has a session to end. */
        Optional<URI> endSessionEndpoint();

        @WithDefault("entitlements-ui")
        String clientId();

        @WithDefault("openid")
        String scope();
    }
}
