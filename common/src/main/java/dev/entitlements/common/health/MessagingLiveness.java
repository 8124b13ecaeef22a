package dev.entitlements.common.health;

import dev.entitlements.common.messaging.ChannelState;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.jboss.logging.Logger;

/**
 * Liveness of the Kafka consumers: DOWN only when a channel has stopped for good, which only a
 * restart cures; UP while the broker is away (the client reconnects by itself) and while a
 * consumer waits on a record it keeps retrying (the database away: it goes on once the database is
 * back), with those consumers named in the check's data.
 *
 * <p>It replaces SmallRye's own channel health ({@code health-enabled=false}): that one stays DOWN
 * after any failure the connector ever reported, a broker hiccup included (the source's failure list
 * is never cleared), so a liveness probe on it restarts healthy pods or never recovers. A channel has
 * stopped when its Kafka consumer was closed (a fatal error, or the {@code fail} strategy) or when a
 * batch consumer gave up ({@link ChannelState#terminated}).
 */
@Liveness
@ApplicationScoped
public class MessagingLiveness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(MessagingLiveness.class);
    static final String NAME = "Kafka consumers";

    private final KafkaClientService clients;
    private final ChannelState state;

    public MessagingLiveness(KafkaClientService clients, ChannelState state) {
        this.clients = clients;
        this.state = state;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up();
        Map<String, String> stopped = new TreeMap<>(state.terminated());
        for (String channel : clients.getConsumerChannels()) {
            List<KafkaConsumer<Object, Object>> consumers = clients.getConsumers(channel);
            if (!consumers.isEmpty() && consumers.stream().allMatch(MessagingLiveness::closed)) {
                stopped.put("channel " + channel, "its Kafka consumer was closed");
            }
        }
        stopped.forEach((what, why) -> response.down().withData(what, "stopped: " + why));
        state.blocked()
                .forEach((consumer, b) -> response.withData(
                        consumer,
                        "retrying one record since " + b.since() + " (" + b.attempts() + " attempts): "
                                + b.lastFailure()));
        return response.build();
    }

    /**
     * {@code ReactiveKafkaConsumer.isClosed()}, package-private in SmallRye 4.33 and the one place that
     * knows; a consumer of another kind (or a SmallRye without the method) counts as open.
     */
    private static boolean closed(KafkaConsumer<?, ?> consumer) {
        try {
            Method isClosed = consumer.getClass().getDeclaredMethod("isClosed");
            isClosed.setAccessible(true);
            return Boolean.TRUE.equals(isClosed.invoke(consumer));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debugf("cannot tell whether a Kafka consumer was closed: %s", e);
            return false;
        }
    }
}
