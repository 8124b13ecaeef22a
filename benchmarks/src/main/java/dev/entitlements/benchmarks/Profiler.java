package dev.entitlements.benchmarks;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * async-profiler as a Java agent of the service under test, from ap-loader (Maven Central: the agent
 * and its native library for linux-x64 in one jar, nothing to install). The profile covers the whole
 * run, warm-up included, and is written as an HTML flame graph when the service exits.
 */
final class Profiler {

    private Profiler() {}

    /** {@code -javaagent:...} profiling {@code event} into {@code dir/<event>-<pid>-<time>.html}. */
    static String agent(String event, Path dir) {
        dir.toFile().mkdirs();
        return "-javaagent:" + jar() + "=start,event=" + event + ",file=" + dir.resolve(event + "-%p-%t.html");
    }

    private static Path jar() {
        try {
            return Path.of(one.profiler.AsyncProfilerLoader.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
