package dev.entitlements.common.messaging;

import dev.entitlements.common.query.BatchColumns;
import dev.entitlements.common.request.RequestIds;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.InvalidEventException;
import dev.entitlements.contract.Topics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Applies each consumed event exactly once: the event id is recorded in {@code processed_event} in
 * the same transaction as the projection change, so a redelivered event changes nothing.
 * A transaction that fails for a reason that may pass is tried again until it commits
 * ({@link ConsumerRetry}): the record is never skipped. A record that is not a valid event of the
 * expected type, or that the database refuses as data ({@link Poison}), fails, and the channel's
 * dead-letter strategy moves it to {@code <topic>.dlq}. Callers read the record and its payload
 * before {@code applyOnce}, so a record that cannot be read fails at once, without a transaction.
 */
@ApplicationScoped
public class EventInbox {

    /** The processed_event rows of a batch: id and type of each event. */
    private static final BatchColumns<CloudEvent> PROCESSED =
            BatchColumns.<CloudEvent>of().text(CloudEvent::id).text(CloudEvent::type);

    private static final Logger LOG = Logger.getLogger(EventInbox.class);

    private final Pool pool;
    private final ConsumerRetry retry;

    public EventInbox(Pool pool, ConsumerRetry retry) {
        this.pool = pool;
        this.retry = retry;
    }

    /** Reads the record as a CloudEvent of the given type; anything else is a poison record. */
    public CloudEvent read(ConsumerRecord<String, String> record, EventType expected) {
        return read(record, java.util.EnumSet.of(expected));
    }

    /** Reads the record as a CloudEvent of one of the given types (a topic carrying several). */
    public CloudEvent read(ConsumerRecord<String, String> record, java.util.Set<EventType> expected) {
        CloudEvent event = CloudEvent.readFrom(record.headers(), record.value());
        // consumer log lines carry the event and its tenant as request lines carry request and tenant
        MDC.put(RequestIds.MDC_KEY, "event:" + event.id());
        if (event.subject() != null) {
            MDC.put(CallerContext.MDC_TENANT, event.subject());
        }
        if (expected.stream().noneMatch(t -> t.type().equals(event.type()))) {
            throw new InvalidEventException("event " + event.id() + " has type " + event.type() + ", expected one of "
                    + expected.stream().map(EventType::type).toList());
        }
        return event;
    }

    /**
     * Runs {@code apply} in a transaction unless {@code consumer} already applied this event.
     *
     * @param apply the projection change, on the transaction's connection; called again on each attempt
     * @return whether the event was applied now (false: a duplicate); fails only on {@link Poison}
     */
    public Uni<Boolean> applyOnce(String consumer, CloudEvent event, Function<SqlConnection, Uni<Void>> apply) {
        return retry.untilApplied(
                consumer,
                topicOf(List.of(event)),
                () -> pool.withTransaction(tx -> tx.preparedQuery(
                                "INSERT INTO processed_event (consumer, event_id, event_type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                        .execute(Tuple.of(consumer, event.id(), event.type()))
                        .chain(inserted -> {
                            if (inserted.rowCount() == 0) {
                                LOG.debugf("%s already applied event %s", consumer, event.id());
                                return Uni.createFrom().item(false);
                            }
                            return apply.apply(tx).replaceWith(true);
                        })));
    }

    /**
     * The batch form of {@link #applyOnce(String, CloudEvent, Function)}, for projections that apply a
     * whole poll in one transaction: the ids of all events are recorded in one statement, and
     * {@code apply} gets only the events this consumer had not applied before (each once, in the
     * order given), in the same transaction. It runs even when none is new, so work that belongs to
     * the batch as a whole (dead letters) commits with the ids.
     *
     * @return the events applied now; fails only on {@link Poison} (the batch holds a record no retry
     *         can apply: apply the batch's events one by one to find it)
     */
    public Uni<List<CloudEvent>> applyOnce(
            String consumer, List<CloudEvent> events, BiFunction<SqlConnection, List<CloudEvent>, Uni<Void>> apply) {
        return retry.untilApplied(
                consumer,
                topicOf(events),
                () -> pool.withTransaction(tx -> tx.preparedQuery(
                                "INSERT INTO processed_event (consumer, event_id, event_type)"
                                        + " SELECT $1, id, type FROM unnest($2::text[], $3::text[]) AS e(id, type) ON CONFLICT DO NOTHING RETURNING event_id")
                        .execute(PROCESSED.tuple(events, consumer))
                        .chain(inserted -> {
                            List<CloudEvent> toApply = notAppliedBefore(events, inserted);
                            if (toApply.size() < events.size()) {
                                LOG.debugf(
                                        "%s skips %d events applied before", consumer, events.size() - toApply.size());
                            }
                            return apply.apply(tx, toApply).replaceWith(toApply);
                        })));
    }

    /**
     * The metrics' {@code topic} of some events: the topic of their type, the topics of a batch that mixes
     * several joined by commas (in their order in {@link Topics#ALL}), {@code none} for no event.
     */
    static String topicOf(List<CloudEvent> events) {
        Set<String> topics = new HashSet<>();
        for (CloudEvent e : events) {
            topics.add(EventType.of(e.type()).map(EventType::topic).orElse("unknown"));
        }
        if (topics.isEmpty()) {
            return "none";
        }
        if (topics.size() == 1) {
            return topics.iterator().next();
        }
        List<String> ordered = new ArrayList<>(Topics.ALL);
        ordered.add("unknown");
        ordered.retainAll(topics);
        return String.join(",", ordered);
    }

    /** The events whose ids the insert recorded now ({@code RETURNING event_id}), in the order given. */
    private static List<CloudEvent> notAppliedBefore(List<CloudEvent> events, RowSet<Row> inserted) {
        Set<String> fresh = new HashSet<>();
        inserted.forEach(row -> fresh.add(row.getString(0)));
        List<CloudEvent> toApply = new ArrayList<>(fresh.size());
        for (CloudEvent e : events) {
            if (fresh.remove(e.id())) { // a second copy within the batch is a duplicate too
                toApply.add(e);
            }
        }
        return toApply;
    }
}
