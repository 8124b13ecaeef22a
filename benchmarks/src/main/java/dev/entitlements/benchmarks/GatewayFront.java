package dev.entitlements.benchmarks;

import dev.entitlements.infra.Ports;
import dev.entitlements.infra.ServiceProcess;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The packaged gateway in front of the services under test: issue 22 measures creates and queries
 * through it, as clients reach the platform, and its overhead against the same requests sent
 * straight to the service.
 */
final class GatewayFront {

    private GatewayFront() {}

    /**
     * Starts the gateway on {@code java} with its upstreams ({@code entitlement} → the service's
     * base URL: the gateway's own names, each set through {@code <NAME>_URL}); does not wait.
     */
    static ServiceProcess start(
            Path root, Path java, Map<String, String> upstreams, List<String> jvmOptions, Path log) {
        return ServiceProcess.start(
                "gateway", java, ServiceProcess.jar(root, "gateway"), Ports.free(), env(upstreams), jvmOptions, log);
    }

    /** The gateway in front of one service, on the JVM the services run on (profiled with it); does not wait. */
    static ServiceProcess start(Path root, String upstream, ServiceProcess service, Path log) {
        return ServiceProcess.start(
                "gateway",
                ServiceProcess.jar(root, "gateway"),
                Ports.free(),
                env(Map.of(upstream, "http://127.0.0.1:" + service.port())),
                BenchOptions.profilerOptions(),
                log);
    }

    private static Map<String, String> env(Map<String, String> upstreams) {
        Map<String, String> env = new LinkedHashMap<>(Map.of("LOG_JSON", "false"));
        upstreams.forEach((name, url) -> env.put(name.toUpperCase(Locale.ROOT) + "_URL", url));
        return env;
    }
}
