package dev.entitlements.issuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The machine-to-machine clients the development issuer knows: which tenant, tenant type and roles
 * a client id stands for, and its secret. Kept in a text file, one client per line:
 * {@code clientId secret tenantId tenantType ROLE[,ROLE...]} ({@code #} starts a comment). A real
 * provider keeps this in its own client registry (Keycloak: the realm's clients and their service
 * accounts).
 */
public final class DevClients {

    /** One registered client. */
    public record Client(String clientId, String secret, String tenantId, String tenantType, List<String> roles) {

        public String line() {
            return String.join(" ", clientId, secret, tenantId, tenantType, String.join(",", roles));
        }
    }

    private final Map<String, Client> clients;

    private DevClients(Map<String, Client> clients) {
        // in the file's order: all() lists the clients as written (Map.copyOf would not keep it)
        this.clients = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(clients));
    }

    public static DevClients of(List<Client> clients) {
        Map<String, Client> byId = new LinkedHashMap<>();
        clients.forEach(c -> byId.put(c.clientId(), c));
        return new DevClients(byId);
    }

    public static DevClients load(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DevClients parse(List<String> lines) {
        Map<String, Client> clients = new LinkedHashMap<>();
        for (String line : lines) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] p = l.split("\\s+");
            if (p.length != 5) {
                throw new IllegalArgumentException(
                        "client line is not 'clientId secret tenantId tenantType ROLES': " + line);
            }
            clients.put(p[0], new Client(p[0], p[1], p[2], p[3], List.of(p[4].split(","))));
        }
        return new DevClients(clients);
    }

    /** Writes {@code clients} to {@code file} with a header that says what the columns are. */
    public static void write(Path file, List<Client> clients) {
        List<String> lines = new ArrayList<>(List.of(
                "# Development issuer clients (local run only; a real provider has its own registry).",
                "# clientId secret tenantId tenantType roles"));
        clients.forEach(c -> lines.add(c.line()));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The client with this id and secret; empty for an unknown id or a wrong secret (told apart by no one). */
    public Optional<Client> authenticate(String clientId, String secret) {
        Client c = clientId == null ? null : clients.get(clientId);
        // compare in constant time even for an unknown id, so timing does not tell which ids exist
        byte[] expected = (c == null ? "\0unknown" : c.secret()).getBytes(StandardCharsets.UTF_8);
        byte[] given = (secret == null ? "" : secret).getBytes(StandardCharsets.UTF_8);
        boolean ok = MessageDigest.isEqual(expected, given);
        return c != null && ok ? Optional.of(c) : Optional.empty();
    }

    public List<Client> all() {
        return List.copyOf(clients.values());
    }
}
