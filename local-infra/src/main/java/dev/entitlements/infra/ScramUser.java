package dev.entitlements.infra;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A SASL/SCRAM-SHA-256 user of a test broker's authenticating listener
 * ({@link KafkaBroker#startTemporary(ScramUser)}): the broker stores its credential when its storage is
 * formatted, and {@link #clientSettings} are what a client sets to log in as it.
 */
public record ScramUser(String username, String password) {

    public static final String MECHANISM = "SCRAM-SHA-256";

    /** kafka-storage's {@code --add-scram} value has no quoting for these: keep them plain. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]+");

    public ScramUser {
        if (!PLAIN.matcher(username).matches() || !PLAIN.matcher(password).matches()) {
            throw new IllegalArgumentException("SCRAM user name and password: letters, digits, '.', '_', '-' only");
        }
    }

    /** kafka-storage format's {@code --add-scram} argument that creates this user. */
    String storageArgument() {
        return MECHANISM + "=[name=" + username + ",password=" + password + "]";
    }

    /** The client's {@code sasl.jaas.config} for this user. */
    public String jaasConfig() {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + username
                + "\" password=\"" + password + "\";";
    }

    /**
     * The client settings (without {@code bootstrap.servers}) that authenticate as this user on a
     * SASL_PLAINTEXT listener; a Quarkus service takes the same under the {@code kafka.} prefix.
     */
    public Map<String, String> clientSettings() {
        return Map.of(
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", MECHANISM, "sasl.jaas.config", jaasConfig());
    }
}
