package dev.entitlements.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A local Prometheus for {@code ./run --observe}: Debian's {@code prometheus} binary (the package that
 * also brings promtool), scraping each service's and the gateway's {@code /q/metrics} (one job per
 * module, named after it, as a ServiceMonitor names its jobs after the Kubernetes Service) and
 * evaluating the platform's alert rules ({@code deploy/observability/prometheus/rules.yaml}), so an
 * operator can watch the alerts of docs/operations.md go pending and fire. State (configuration,
 * time series, log) under one directory; bound to 127.0.0.1.
 */
public final class PrometheusServer implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    /** Where the rules are, relative to the project root. */
    public static final String RULES = "deploy/observability/prometheus/rules.yaml";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private PrometheusServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The binary: {@code PROMETHEUS_BIN} when set, else {@code prometheus} on the PATH; empty when there is none. */
    public static Optional<Path> binary() {
        String explicit = System.getenv("PROMETHEUS_BIN");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .map(dir -> Path.of(dir, "prometheus"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Writes {@code stateDir/prometheus.yml} and starts Prometheus on {@code 127.0.0.1:port}; waits until
     * it is ready (up to 60 s).
     *
     * @param targets scrape job (module) → {@code host:port} of its {@code /q/metrics}
     * @param rules   the rules file
     */
    public static PrometheusServer start(Path stateDir, int port, Map<String, String> targets, Path rules) {
        Path binary = binary().orElseThrow(() -> new IllegalStateException(
                "no prometheus binary: apt-get install -y prometheus (Debian's package, as .ci/run installs it),"
                        + " or set PROMETHEUS_BIN"));
        if (Ports.isOpen(HOST, port)) {
            throw new IllegalStateException(
                    "port " + port + " is in use: stop what runs there first (or set PROMETHEUS_PORT)");
        }
        try {
            Path dir = stateDir.toAbsolutePath();
            Files.createDirectories(dir.resolve("data"));
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, config(targets, rules.toAbsolutePath(), port));
            Path log = dir.resolve("prometheus.log");
            Process process = new ProcessBuilder(List.of(
                            binary.toString(),
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--storage.tsdb.retention.time=2d",
                            "--web.listen-address=" + HOST + ":" + port))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            PrometheusServer server = new PrometheusServer(process, port, log);
            try {
                server.awaitReady(Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start prometheus", e);
        }
    }

    /** The configuration: a scrape every 5 s, the rules evaluated every 15 s. */
    static String config(Map<String, String> targets, Path rules, int port) {
        StringBuilder yaml = new StringBuilder(
                        "# written by ./run --observe (PrometheusServer); rewritten at each start\n")
                .append("global:\n")
                .append("  scrape_interval: 5s\n")
                .append("  scrape_timeout: 4s\n")
                .append("  evaluation_interval: 15s\n")
                .append("rule_files:\n")
                .append("  - '")
                .append(rules)
                .append("'\n")
                .append("scrape_configs:\n");
        targets.forEach((job, target) -> yaml.append("  - job_name: ")
                .append(job)
                .append("\n    metrics_path: /q/metrics\n    static_configs:\n      - targets: ['")
                .append(target)
                .append("']\n"));
        yaml.append("  - job_name: prometheus\n    static_configs:\n      - targets: ['")
                .append(HOST)
                .append(':')
                .append(port)
                .append("']\n");
        return yaml.toString();
    }

    private void awaitReady(Duration timeout) {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "prometheus exited (" + process.exitValue() + "):\n" + Processes.tail(log));
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for prometheus", e);
            }
            Ports.sleep(250);
        }
        throw new IllegalStateException(
                "prometheus not ready after " + timeout.toSeconds() + " s; see " + log + "\n" + Processes.tail(log));
    }

    public String url() {
        return "http://" + HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** TERM (Prometheus flushes its head block), KILL after 15 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
