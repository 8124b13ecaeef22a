package dev.entitlements.infra;

import dev.entitlements.issuer.TokenIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a child process, configured
 * by environment variables as in production: what {@code ./run}, the ITs and the benchmarks start.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    /** The service's JVM; replaced by {@link #restart()}. */
    private volatile Process process;

    private final ProcessBuilder builder;
    private final int port;
    private final Path log;

    private ServiceProcess(String name, ProcessBuilder builder, int port, Path log) {
        this.name = name;
        this.builder = builder;
        this.port = port;
        this.log = log;
    }

    /**
     * The environment of a service on this broker, this server's database {@code database} and
     * this token issuer; callers add or override entries (any Quarkus property has an env form).
     */
    public static Map<String, String> env(
            String kafkaBootstrap, PostgresServer pg, String database, TokenIssuer issuer) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LOG_JSON", "false");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("DB_HOST", pg.host());
        env.put("DB_PORT", String.valueOf(pg.port()));
        env.put("DB_NAME", database);
        env.put("DB_USER", pg.user());
        env.put("DB_PASSWORD", pg.password());
        // the development issuer: verified like any provider's tokens (signature, issuer, expiry)
        env.put("QUARKUS_OIDC_PUBLIC_KEY", issuer.publicKeyBase64());
        env.put("OIDC_ISSUER", issuer.issuer());
        return env;
    }

    /** {@code entitlement-service} → its packaged jar under the checkout {@code root} ({@code ./mvnw package} makes it). */
    public static Path jar(Path root, String module) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /**
     * Starts the jar on {@code port} with the local run's JVM settings plus {@code jvmOptions};
     * output goes to {@code log}. Does not wait: see {@link #awaitReady}.
     */
    public static ServiceProcess start(
            String name, Path jar, int port, Map<String, String> env, List<String> jvmOptions, Path log) {
        return start(name, Path.of(Processes.javaExecutable()), jar, port, env, jvmOptions, log);
    }

    /** As {@link #start(String, Path, int, Map, List, Path)} on another JVM ({@code java}): the start-up benchmark's JDK 25. */
    public static ServiceProcess start(
            String name, Path java, Path jar, int port, Map<String, String> env, List<String> jvmOptions, Path log) {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw package -DskipTests)");
        }
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.environment().put("HTTP_PORT", String.valueOf(port));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        ServiceProcess service = new ServiceProcess(name, pb, port, log);
        service.launch();
        // a restart appends to the log of the first start
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return service;
    }

    private void launch() {
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /**
     * Starts the service again after {@link #kill()} (same command, environment and port; the log
     * goes on in the same file). Does not wait: see {@link #awaitReady}.
     */
    public ServiceProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running (pid " + process.pid() + ")");
        }
        launch();
        return this;
    }

    /** SIGSTOP: the process freezes with its sockets open; clients see a service that accepts and never answers. */
    public void pause() {
        Processes.signal(process.pid(), "STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        Processes.signal(process.pid(), "CONT");
    }

    public String name() {
        return name;
    }

    /** Waits until {@code /q/health/ready} answers 200; fails with the log's tail if the process exits. */
    public ServiceProcess awaitReady(Duration timeout) {
        return awaitReady(timeout, Duration.ofMillis(250));
    }

    /** As {@link #awaitReady(Duration)}, asking every {@code poll}: the start-up benchmark times to 10 ms. */
    public ServiceProcess awaitReady(Duration timeout, Duration poll) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited:\n" + Processes.tail(log));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            Ports.sleep(poll.toMillis());
        }
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; see " + log);
    }

    /** The process's resident memory (VmRSS) in KiB, from /proc; 0 when it is gone or unreadable. */
    public long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    public int port() {
        return port;
    }

    /** The service's process, e.g. to read the CPU time it used. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the process gets no chance to finish anything (crash tests). */
    public void kill() {
        try {
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the process to stop (TERM) without waiting: stop several at once, then {@link #close} each. */
    public void terminate() {
        process.destroy();
    }

    /** Blocks until the process ends; its exit code. */
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** TERM, then SIGKILL after 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
