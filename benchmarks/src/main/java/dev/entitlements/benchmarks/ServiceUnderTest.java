package dev.entitlements.benchmarks;

import dev.entitlements.infra.Ports;
import dev.entitlements.infra.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The packaged service a benchmark measures: its jar, the benchmark's JVM options, a log of its own. */
final class ServiceUnderTest {

    private ServiceUnderTest() {}

    /** {@code entitlement-service} → {@code entitlement}: its database, its log's name and the gateway's name for it. */
    static String name(String module) {
        return module.substring(0, module.indexOf('-'));
    }

    /**
     * Starts {@code module} with {@code env} and {@link BenchOptions#serviceJvmOptions()} (the
     * profiler, when asked for) on a free port, logging to a new temporary file; waits until ready.
     */
    static ServiceProcess start(Path root, String module, Map<String, String> env) throws IOException {
        return ServiceProcess.start(
                        module,
                        ServiceProcess.jar(root, module),
                        Ports.free(),
                        env,
                        BenchOptions.serviceJvmOptions(),
                        Files.createTempFile("bench-" + name(module) + "-", ".log"))
                .awaitReady(Duration.ofSeconds(120));
    }
}
