package dev.entitlements.contract;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * What a dead letter carries. A record on {@code <topic>.dlq} is the original record as it was
 * (key, value and every original header, the CloudEvents ones included, so it can be replayed)
 * plus headers named {@code dead-letter-*} that say where it came from and why it was given up on.
 * SmallRye's dead-letter strategy and the services' own outbox dead letters write the same names.
 */
public final class DeadLetters {

    /** Every header the dead-lettering adds starts with this; a replay drops them. */
    public static final String PREFIX = "dead-letter-";
    /** The topic the record was read from: where a replay puts it back. */
    public static final String TOPIC = "dead-letter-topic";

    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    /** Why no retry could apply it. */
    public static final String REASON = "dead-letter-reason";

    private static final String SUFFIX = ".dlq";

    private DeadLetters() {}

    /** Whether a header was added by the dead-lettering (and not by the record's producer). */
    public static boolean isDeadLetterHeader(String name) {
        return name.startsWith(PREFIX);
    }

    /** The topic a dead letter came from: its {@link #TOPIC} header, else the dead-letter topic's name without {@code .dlq}. */
    public static String originalTopic(String deadLetterTopic, Headers headers) {
        Header h = headers.lastHeader(TOPIC);
        if (h != null && h.value() != null && h.value().length > 0) {
            return new String(h.value(), StandardCharsets.UTF_8);
        }
        if (!deadLetterTopic.endsWith(SUFFIX)) {
            throw new IllegalArgumentException(deadLetterTopic + " is not a dead-letter topic (<topic>" + SUFFIX + ")");
        }
        return deadLetterTopic.substring(0, deadLetterTopic.length() - SUFFIX.length());
    }
}
