package dev.entitlements.reporting.events.messaging;

import dev.entitlements.common.messaging.ChannelState;
import dev.entitlements.common.messaging.DeadLetterCounter;
import dev.entitlements.common.messaging.EventInbox;
import dev.entitlements.common.messaging.Poison;
import dev.entitlements.common.outbox.Outbox;
import dev.entitlements.common.outbox.OutboxMessage;
import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.Topics;
import dev.entitlements.contract.events.DeviceUsageReported;
import dev.entitlements.reporting.compliance.service.UsageGaps;
import dev.entitlements.reporting.licenses.service.LicenseProjection;
import dev.entitlements.reporting.usage.repository.DeviceUsageRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Every report is built from three topics ({@code entitlement.events}, {@code assignment.events},
 * {@code device.usage}), read by this one batch consumer: a poll of records in, one transaction out
 * (event ids, time lines, device usage, over-use notes, dead letters), so throughput comes from batching and not from
 * weakening exactly-once apply. A record that cannot be read or applied goes to its topic's
 * {@code .dlq} through the outbox, in the same transaction as the good ones; it never stops the
 * stream. A batch that cannot be written for a reason that may pass (the database away) is retried
 * until it commits, however long that takes: its offsets are not committed meanwhile, so nothing is
 * skipped. A batch the database refuses as data is applied again record by record, and only the
 * refused record goes to its {@code .dlq}. Anything else is a bug: it stops the channel (strategy
 * {@code fail}), which the liveness check reports.
 */
@ApplicationScoped
public class ReportingEventConsumer {

    private static final Logger LOG = Logger.getLogger(ReportingEventConsumer.class);
    static final String CONSUMER = "reporting";
    private static final Set<EventType> TYPES = EnumSet.of(
            EventType.ENTITLEMENT_PURCHASED,
            EventType.ENTITLEMENT_CHANGED,
            EventType.ENTITLEMENT_CANCELLED,
            EventType.ASSIGNMENT_CREATED,
            EventType.ASSIGNMENT_REVOKED,
            EventType.DEVICE_USAGE_REPORTED);

    private final EventInbox inbox;
    private final LicenseProjection licenses;
    private final DeviceUsageRepository usage;
    private final Outbox outbox;
    private final UsageGaps gaps;
    private final Clock clock;
    private final Counter applied;
    private final Counter deadLettered;
    private final Timer lag;
    private final ChannelState state;

    public ReportingEventConsumer(
            EventInbox inbox,
            LicenseProjection licenses,
            DeviceUsageRepository usage,
            UsageGaps gaps,
            Outbox outbox,
            MeterRegistry registry,
            Clock clock,
            ChannelState state,
            DeadLetterCounter deadLetters) {
        this.state = state;
        // its dead letters leave through the outbox, which counts them once published
        for (String topic : List.of(Topics.ENTITLEMENT_EVENTS, Topics.ASSIGNMENT_EVENTS, Topics.DEVICE_USAGE)) {
            deadLetters.register(Topics.deadLetter(topic));
        }
        this.gaps = gaps;
        this.clock = clock;
        this.inbox = inbox;
        this.licenses = licenses;
        this.usage = usage;
        this.outbox = outbox;
        this.applied = Counter.builder("reporting.events.applied")
                .description("events applied to the report projections")
                .register(registry);
        this.deadLettered = Counter.builder("reporting.events.dead_lettered")
                .description("records sent to a dead-letter topic")
                .register(registry);
        // how far the reports trail the facts (an assignment's creation to its commit here), as a
        // histogram (p99 by histogram_quantile in PromQL): a bucket increment per event, where
        // client-side percentiles would cost a sliding-window update per event at 10,000 events/s
        this.lag = Timer.builder("reporting.events.lag")
                .description("from an event's time to its being applied to the reports")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
    }

    @Incoming("reporting-events")
    public Uni<Void> onEvents(ConsumerRecords<String, String> records) {
        List<CloudEvent> events = new ArrayList<>(records.count());
        Map<String, Object> readings = new HashMap<>();
        Map<String, ConsumerRecord<String, String>> sources = new HashMap<>();
        List<OutboxMessage> dead = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            try {
                CloudEvent event = inbox.read(r, TYPES);
                EventType type = EventType.of(event.type()).orElseThrow();
                readings.putIfAbsent(
                        event.id(),
                        type == EventType.DEVICE_USAGE_REPORTED
                                ? new DeviceUsageRepository.Snapshot(usage(event), event.time())
                                : LicenseProjection.read(event, type));
                sources.putIfAbsent(event.id(), r);
                events.add(event);
            } catch (RuntimeException e) { // the record itself is wrong: no retry can apply it
                LOG.warnf(
                        "record %s-%d@%d to the dead-letter topic: %s",
                        r.topic(), r.partition(), r.offset(), e.getMessage());
                dead.add(OutboxMessage.deadLetter(r, String.valueOf(e.getMessage())));
            }
        }
        AtomicBoolean published = new AtomicBoolean();
        // a failure that may pass is retried inside applyOnce until the batch commits; a failure
        // here means the database refuses one of the records as data: find it, one record at a time
        return inbox.applyOnce(CONSUMER, events, (tx, fresh) -> apply(tx, fresh, readings, dead, published))
                .invoke(fresh -> committed(fresh, dead.size(), published.get()))
                .replaceWithVoid()
                .onFailure(Poison::isPoison)
                .recoverWithUni(e -> {
                    LOG.warnf(
                            "report batch of %d records refused (%s): applying its records one by one",
                            records.count(), e.toString());
                    return oneByOne(events, readings, sources, dead);
                })
                .onFailure()
                .invoke(e -> {
                    // only a bug gets here (a record that fails alone is dead-lettered): the fail strategy stops the
                    // channel
                    LOG.errorf(e, "report batch of %d records failed; the reporting channel stops", records.count());
                    state.terminated(CONSUMER, e);
                });
    }

    /**
     * The batch again, each record in its own transaction: the dead letters of unreadable records
     * first, then each event; an event the database refuses goes to its topic's {@code .dlq} with
     * its original headers, in one transaction with its {@code processed_event} row, so it is
     * dead-lettered once however often the batch comes back.
     */
    private Uni<Void> oneByOne(
            List<CloudEvent> events,
            Map<String, Object> readings,
            Map<String, ConsumerRecord<String, String>> sources,
            List<OutboxMessage> dead) {
        Uni<Void> unreadable = dead.isEmpty() ? Uni.createFrom().voidItem() : single(List.of(), readings, dead);
        return unreadable.chain(() -> Multi.createFrom()
                .iterable(events)
                .onItem()
                .transformToUniAndConcatenate(e -> single(List.of(e), readings, List.of())
                        .onFailure(Poison::isPoison)
                        .recoverWithUni(refused -> deadLetter(e, sources.get(e.id()), refused)))
                .collect()
                .last()
                .replaceWithVoid());
    }

    /** Some of a batch in one transaction of its own (retried while the failure may pass). */
    private Uni<Void> single(List<CloudEvent> events, Map<String, Object> readings, List<OutboxMessage> dead) {
        AtomicBoolean published = new AtomicBoolean();
        return inbox.applyOnce(CONSUMER, events, (tx, fresh) -> apply(tx, fresh, readings, dead, published))
                .invoke(fresh -> committed(fresh, dead.size(), published.get()))
                .replaceWithVoid();
    }

    private Uni<Void> deadLetter(CloudEvent event, ConsumerRecord<String, String> source, Throwable refused) {
        LOG.warnf(
                "record %s-%d@%d (event %s) refused by the database, to the dead-letter topic: %s",
                source.topic(), source.partition(), source.offset(), event.id(), refused.toString());
        OutboxMessage letter = OutboxMessage.deadLetter(source, String.valueOf(refused.getMessage()));
        return inbox.applyOnce(
                        CONSUMER,
                        List.of(event),
                        (tx, fresh) -> fresh.isEmpty() ? Uni.createFrom().voidItem() : outbox.add(tx, List.of(letter)))
                .invoke(fresh -> {
                    if (!fresh.isEmpty()) {
                        deadLettered.increment();
                        outbox.committed();
                    }
                })
                .replaceWithVoid();
    }

    private void committed(List<CloudEvent> fresh, int deadLetters, boolean published) {
        applied.increment(fresh.size());
        Instant now = clock.instant();
        for (CloudEvent e : fresh) {
            lag.record(Duration.between(e.time(), now));
        }
        deadLettered.increment(deadLetters);
        if (published) {
            outbox.committed();
        }
    }

    /** The poll's new events in its transaction: time lines, device usage, then the over-use notes and dead letters. */
    private Uni<Void> apply(
            SqlConnection tx,
            List<CloudEvent> fresh,
            Map<String, Object> readings,
            List<OutboxMessage> dead,
            AtomicBoolean published) {
        List<LicenseProjection.Applicable> lines = new ArrayList<>();
        List<DeviceUsageRepository.Snapshot> snapshots = new ArrayList<>();
        Set<String> reported = new TreeSet<>();
        for (CloudEvent e : fresh) {
            if (readings.get(e.id()) instanceof DeviceUsageRepository.Snapshot s) {
                snapshots.add(s);
                reported.add(s.usage().tenantId());
            } else {
                lines.add((LicenseProjection.Applicable) readings.get(e.id()));
            }
        }
        return licenses.apply(tx, lines)
                .chain(() -> usage.upsert(tx, snapshots))
                .chain(() -> gaps.recheck(tx, reported, clock.instant()))
                .chain(notes -> {
                    List<OutboxMessage> out = new ArrayList<>(dead);
                    out.addAll(notes);
                    published.set(!out.isEmpty());
                    return outbox.add(tx, out);
                });
    }

    private static DeviceUsageReported usage(CloudEvent event) {
        DeviceUsageReported u = event.payload(DeviceUsageReported.class);
        if (u == null
                || u.tenantId() == null
                || u.date() == null
                || u.licenseType() == null
                || u.deviceType() == null) {
            throw new IllegalArgumentException("tenantId, date, licenseType and deviceType are required");
        }
        if (u.deviceCount() < 0 || u.usedQuantity() < 0) {
            throw new IllegalArgumentException("deviceCount and usedQuantity cannot be negative");
        }
        return u;
    }
}
