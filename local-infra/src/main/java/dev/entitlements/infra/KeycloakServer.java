package dev.entitlements.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Keycloak ({@code org.keycloak:keycloak-quarkus-dist}, from Maven Central) as a child
 * process, with the platform's realm ({@code deploy/keycloak/entitlements-realm.json}) imported:
 * the real-provider counterpart of {@link TokenIssuer}. No Docker: the distribution archive is
 * downloaded once into the Maven local repository (its usual path, checked against Central's
 * SHA-1), unpacked once under the state directory and run with {@code kc.sh start-dev} (H2 in
 * {@code <state>/keycloak-<version>/data}).
 *
 * <pre>
 * try (KeycloakServer kc = KeycloakServer.start(stateDir, Ports.free(), KeycloakServer.defaultRealmFile())) {
 *     Map&lt;String, String&gt; env = kc.configure(stack.serviceEnv()); // OIDC_AUTH_SERVER_URL, OIDC_ISSUER; no public key
 *     String token = kc.clientCredentialsToken(Demo.AUTOMATION, Demo.AUTOMATION_SECRET);
 * }
 * </pre>
 *
 * The issuer is pinned to {@code http://127.0.0.1:<port>/realms/entitlements} ({@code --hostname}),
 * whatever host name a client uses to ask for a token.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String VERSION = "26.7.3";
    public static final String REALM = "entitlements";
    public static final String HOST = "127.0.0.1";
    /** The bootstrap administrator of the master realm (local only). */
    public static final String ADMIN_USER = "admin";

    public static final String ADMIN_PASSWORD = "admin";

    private static final String ARTIFACT_PATH =
            "org/keycloak/keycloak-quarkus-dist/" + VERSION + "/keycloak-quarkus-dist-" + VERSION + ".tar.gz";
    private static final String CENTRAL = "https://repo.maven.apache.org/maven2/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    /** The clients and users of the realm file (local secrets and passwords: public, replace them anywhere real). */
    public static final class Demo {
        /** Confidential, client credentials: tenant msp-demo (MSP), ADMIN. */
        public static final String AUTOMATION = "msp-demo-automation";

        public static final String AUTOMATION_SECRET = "local-msp-demo-automation-secret";
        /** Confidential, client credentials: tenant msp-demo (MSP), READ_ONLY. */
        public static final String READER = "msp-demo-reader";

        public static final String READER_SECRET = "local-msp-demo-reader-secret";
        /** Confidential, client credentials: tenant licensing (SYSTEM), LICENSING_SERVICE (as the development issuer's client). */
        public static final String LICENSING = "licensing-system";

        public static final String LICENSING_SECRET = "local-licensing-system-secret";
        /** Public, password grant (scripts). */
        public static final String CLI = "entitlements-cli";
        /** Public, authorization code + PKCE (browser). */
        public static final String UI = "entitlements-ui";
        /** Users (password grant through {@link #CLI}): PRIME_ADMIN of msp-demo, ADMIN of ec-alpha, READ_ONLY of msp-demo. */
        public static final String MSP_ADMIN = "admin@msp-demo";

        public static final String EC_ADMIN = "admin@ec-alpha";
        public static final String VIEWER = "viewer@msp-demo";
        public static final String ADMIN_PASSWORD = "local-admin";
        public static final String VIEWER_PASSWORD = "local-viewer";

        private Demo() {}
    }

    private final Process process;
    private final int port;
    private final Path log;

    private KeycloakServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    // --- the distribution

    /**
     * The distribution archive: env/system property {@code KEYCLOAK_DIST} ({@code keycloak.dist})
     * when set, else its path in the Maven local repository ({@code maven.repo.local} or
     * {@code ~/.m2/repository}), whether or not it is there yet.
     */
    public static Path distArchive() {
        String explicit = System.getProperty("keycloak.dist", System.getenv("KEYCLOAK_DIST"));
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String repo = System.getProperty("maven.repo.local");
        Path local = repo != null && !repo.isBlank()
                ? Path.of(repo)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        return local.resolve(ARTIFACT_PATH);
    }

    /** Central, or a mirror of it: env {@code KEYCLOAK_MAVEN_REPO} / property {@code keycloak.maven.repo}. */
    private static String remoteRepo() {
        String repo = System.getProperty("keycloak.maven.repo", System.getenv("KEYCLOAK_MAVEN_REPO"));
        repo = repo == null || repo.isBlank() ? CENTRAL : repo;
        return repo.endsWith("/") ? repo : repo + "/";
    }

    /**
     * Whether the distribution can be had: already in the local repository, or the remote
     * repository answers for it. A test calls this to skip with {@link #unavailableReason()}.
     */
    public static boolean available() {
        return unavailableReason() == null;
    }

    /** Null when {@link #available()}; otherwise why not, for a skip message. */
    public static String unavailableReason() {
        if (Files.isRegularFile(distArchive())) {
            return null;
        }
        String url = remoteRepo() + ARTIFACT_PATH;
        try {
            HttpResponse<Void> head = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .method("HEAD", HttpRequest.BodyPublishers.noBody())
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return head.statusCode() == 200
                    ? null
                    : "Keycloak " + VERSION + " is not in " + distArchive() + " and " + url + " answered "
                            + head.statusCode();
        } catch (IOException e) {
            return "Keycloak " + VERSION + " is not in " + distArchive() + " and " + url + " is unreachable: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The archive, downloaded into the local repository first if it is not there (168 MiB, SHA-1 checked). */
    public static Path fetch() {
        Path archive = distArchive();
        if (Files.isRegularFile(archive)) {
            return archive;
        }
        String url = remoteRepo() + ARTIFACT_PATH;
        try {
            Files.createDirectories(archive.getParent());
            Path part = Files.createTempFile(
                    archive.getParent(), archive.getFileName().toString(), ".part");
            try {
                long t0 = System.nanoTime();
                System.out.println("[keycloak] downloading " + url + " (about 170 MB) ...");
                HttpResponse<Path> got = HTTP.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofMinutes(20))
                                .build(),
                        HttpResponse.BodyHandlers.ofFile(part));
                if (got.statusCode() != 200) {
                    throw new IllegalStateException("GET " + url + ": HTTP " + got.statusCode());
                }
                HttpResponse<String> sha = HTTP.send(
                        HttpRequest.newBuilder(URI.create(url + ".sha1"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (sha.statusCode() != 200) {
                    throw new IllegalStateException("GET " + url + ".sha1: HTTP " + sha.statusCode());
                }
                String expected = sha.body().trim().split("\\s+")[0].toLowerCase();
                String actual = sha1(part);
                if (!expected.equals(actual)) {
                    throw new IllegalStateException("SHA-1 of " + url + " is " + actual + ", Central says " + expected);
                }
                try {
                    // createTempFile made it 0600; a Maven repository file is world-readable
                    Files.setPosixFilePermissions(
                            part, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system
                }
                Files.move(part, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                System.out.printf(
                        "[keycloak] downloaded to %s (%d s)%n", archive, (System.nanoTime() - t0) / 1_000_000_000);
                return archive;
            } finally {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading " + url, e);
        }
    }

    /** The distribution unpacked under {@code stateDir} (once): its home directory. */
    public static Path install(Path stateDir) {
        Path home = stateDir.resolve("keycloak-" + VERSION);
        if (Files.isRegularFile(home.resolve(".unpacked"))) {
            return home;
        }
        Path archive = fetch();
        try {
            Files.createDirectories(stateDir);
            Path tmp = Files.createTempDirectory(stateDir, "unpack-");
            Processes.run(
                    List.of("tar", "xzf", archive.toString(), "-C", tmp.toString()), stateDir.resolve("unpack.log"));
            Processes.deleteTree(home);
            Files.move(tmp.resolve("keycloak-" + VERSION), home, StandardCopyOption.ATOMIC_MOVE);
            Processes.deleteTree(tmp);
            Files.writeString(home.resolve(".unpacked"), archive + "\n");
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + archive, e);
        }
    }

    /**
     * The realm file: property {@code keycloak.realm.file} / env {@code KEYCLOAK_REALM_FILE}, else
     * {@code deploy/keycloak/entitlements-realm.json} in the project root ({@code project.root},
     * else the working directory or one of its parents, so a module's tests find it too).
     */
    public static Path defaultRealmFile() {
        String explicit = System.getProperty("keycloak.realm.file", System.getenv("KEYCLOAK_REALM_FILE"));
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        Path relative = Path.of("deploy", "keycloak", REALM + "-realm.json");
        String root = System.getProperty("project.root", System.getProperty("maven.multiModuleProjectDirectory"));
        if (root != null && Files.isRegularFile(Path.of(root).resolve(relative))) {
            return Path.of(root).resolve(relative);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException(relative + " not found from "
                + Path.of("").toAbsolutePath() + " (set -Dkeycloak.realm.file or KEYCLOAK_REALM_FILE)");
    }

    // --- the server

    /**
     * Starts Keycloak on {@code 127.0.0.1:port} with state (distribution, H2 database, log) in
     * {@code stateDir}, importing {@code realmFile} when its realm is not there yet; a realm
     * file whose content changed since the last start replaces the database (a fresh import).
     * Waits until the realm's discovery document answers (up to 180 s).
     */
    public static KeycloakServer start(Path stateDir, int port, Path realmFile) {
        return start(stateDir, port, realmFile, Duration.ofSeconds(180));
    }

    public static KeycloakServer start(Path stateDir, int port, Path realmFile, Duration timeout) {
        if (Ports.isOpen(HOST, port)) {
            throw new IllegalStateException(
                    "port " + port + " is in use: stop what runs there first (or choose another port)");
        }
        Path home = install(stateDir.toAbsolutePath());
        Path log = stateDir.toAbsolutePath().resolve("keycloak.log");
        try {
            Path data = home.resolve("data");
            Files.createDirectories(data.resolve("import"));
            byte[] realm = Files.readAllBytes(realmFile);
            Path realmHash = data.resolve("realm-file.sha1");
            String hash = sha1(realm);
            if (!Files.exists(realmHash) || !Files.readString(realmHash).trim().equals(hash)) {
                // import strategy IGNORE_EXISTING: only a fresh database takes a changed realm file
                Processes.deleteTree(data.resolve("h2"));
            }
            Files.write(data.resolve("import").resolve(REALM + "-realm.json"), realm);

            String base = "http://" + HOST + ":" + port;
            List<String> command = new ArrayList<>(List.of(
                    home.resolve("bin/kc.sh").toString(),
                    "start-dev",
                    "--http-host",
                    HOST,
                    "--http-port",
                    String.valueOf(port),
                    "--hostname",
                    base,
                    "--import-realm"));
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = pb.environment();
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx384m -XX:TieredStopAtLevel=1");
            env.put("KC_LOG_CONSOLE_COLOR", "false");
            Files.writeString(
                    log,
                    "=== " + java.time.Instant.now() + " " + String.join(" ", command) + "\n",
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            KeycloakServer server = new KeycloakServer(pb.start(), port, log);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stopProcess, "keycloak-stop"));
            try {
                server.awaitReady(timeout);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            Files.writeString(realmHash, hash + "\n");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(issuerUrl() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Keycloak exited (" + process.exitValue() + "):\n" + Processes.tail(log));
            }
            try {
                if (HTTP.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            Ports.sleep(500);
        }
        throw new IllegalStateException(
                "Keycloak not ready after " + timeout.toSeconds() + " s; see " + log + "\n" + Processes.tail(log));
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://" + HOST + ":" + port;
    }

    /** {@code http://127.0.0.1:<port>/realms/entitlements}: the {@code iss} of its tokens and the services' auth-server URL. */
    public String issuerUrl() {
        return baseUrl() + "/realms/" + REALM;
    }

    /** Where a browser signs in (the console's code flow, client {@link Demo#UI}). */
    public String authorizationEndpoint() {
        return issuerUrl() + "/protocol/openid-connect/auth";
    }

    /** Where a browser's session ends. */
    public String endSessionEndpoint() {
        return issuerUrl() + "/protocol/openid-connect/logout";
    }

    public String tokenEndpoint() {
        return issuerUrl() + "/protocol/openid-connect/token";
    }

    public String jwksUri() {
        return issuerUrl() + "/protocol/openid-connect/certs";
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    /** What a service needs to verify this server's tokens (discovery + JWKS); no {@code QUARKUS_OIDC_PUBLIC_KEY}. */
    public Map<String, String> serviceEnv() {
        return oidcEnv(issuerUrl());
    }

    /**
     * {@code env} (e.g. {@code ServiceProcess.env(...)} or {@code PackagedStack.serviceEnv()}) switched
     * from the development issuer to this server: {@code QUARKUS_OIDC_PUBLIC_KEY} removed,
     * {@code OIDC_AUTH_SERVER_URL} and {@code OIDC_ISSUER} set. Changes and returns {@code env}.
     */
    public Map<String, String> configure(Map<String, String> env) {
        env.remove("QUARKUS_OIDC_PUBLIC_KEY");
        env.putAll(serviceEnv());
        return env;
    }

    /** The OIDC environment of a service for any provider whose issuer is also its discovery base. */
    public static Map<String, String> oidcEnv(String issuer) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OIDC_AUTH_SERVER_URL", issuer);
        env.put("OIDC_ISSUER", issuer);
        return env;
    }

    /** An access token for a confidential client's service account (client credentials grant). */
    public String clientCredentialsToken(String clientId, String secret) {
        return token(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    /** An access token for a user through a public client with direct access grants ({@link Demo#CLI}). */
    public String passwordToken(String clientId, String username, String password) {
        return token(Map.of(
                "grant_type",
                "password",
                "client_id",
                clientId,
                "username",
                username,
                "password",
                password,
                "scope",
                "openid"));
    }

    private String token(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(tokenEndpoint()))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token request for " + form.get("client_id") + ": HTTP "
                        + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("token request to " + tokenEndpoint(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The claims of a JWT, unverified (for checks and printing). */
    public static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        try {
            return JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a JWT", e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** TERM to the whole tree (kc.sh and its java), SIGKILL after 20 s. */
    private void stopProcess() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // killed below
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() {
        stopProcess();
    }

    private static String sha1(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code java ... KeycloakServer [stateDir] [port]}: starts it and prints a demo token (manual checks). */
    public static void main(String[] args) throws Exception {
        Path state = Path.of(args.length > 0 ? args[0] : ".local/keycloak");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 18080;
        long t0 = System.nanoTime();
        try (KeycloakServer kc = start(state, port, defaultRealmFile())) {
            System.out.printf("[keycloak] %s ready (%d ms)%n", kc.issuerUrl(), (System.nanoTime() - t0) / 1_000_000);
            long t1 = System.nanoTime();
            String token = kc.clientCredentialsToken(Demo.AUTOMATION, Demo.AUTOMATION_SECRET);
            System.out.printf("[keycloak] token in %d ms: %s%n", (System.nanoTime() - t1) / 1_000_000, claims(token));
            System.out.println(token);
            if (Boolean.getBoolean("keycloak.wait")) {
                kc.process.waitFor();
            }
        }
    }
}
