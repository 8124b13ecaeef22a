package dev.entitlements.gateway;

import java.net.URI;
import java.util.Map;

import io.smallrye.config.ConfigMapping;

/** Where each service of the route table listens. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Service name (third column of routes.txt) → its base URL. */
    Map<String, URI> services();
}
