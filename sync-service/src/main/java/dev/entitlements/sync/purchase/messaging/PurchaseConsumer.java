package dev.entitlements.sync.purchase.messaging;

import dev.entitlements.common.messaging.ChannelState;
import dev.entitlements.common.messaging.ConsumerRetry;
import dev.entitlements.common.messaging.DeadLetterCounter;
import dev.entitlements.common.messaging.Poison;
import dev.entitlements.contract.Topics;
import dev.entitlements.sync.purchase.service.PurchaseIngestion;
import dev.entitlements.sync.purchase.service.PurchaseIntake;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The push path from the licensing system's topic: a batch of records in, one transaction out.
 * Bad records never stop the stream: they go to the dead-letter topic through the outbox, in the
 * same transaction as the good ones. A batch that fails for a reason that may pass (the database
 * away) is retried until it commits, its offsets uncommitted meanwhile; a batch the database
 * refuses as data is applied again record by record, and only the refused record is
 * dead-lettered. Anything else is a bug and stops the channel (strategy {@code fail}).
 */
@ApplicationScoped
public class PurchaseConsumer {

    static final String CONSUMER = "sync.purchases";
    private static final Logger LOG = Logger.getLogger(PurchaseConsumer.class);

    private final PurchaseIntake intake;
    private final PurchaseIngestion ingestion;
    private final ConsumerRetry retry;
    private final ChannelState state;

    public PurchaseConsumer(
            PurchaseIntake intake,
            PurchaseIngestion ingestion,
            ConsumerRetry retry,
            ChannelState state,
            DeadLetterCounter deadLetters) {
        // rejected purchase records leave through the outbox, which counts them once published
        deadLetters.register(Topics.deadLetter(Topics.LICENSING_PURCHASES));
        this.intake = intake;
        this.ingestion = ingestion;
        this.retry = retry;
        this.state = state;
    }

    @Incoming("purchases")
    public Uni<Void> onPurchases(ConsumerRecords<String, String> records) {
        List<PurchaseIntake.Raw> raw = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> r : records) {
            raw.add(new PurchaseIntake.Raw(r.key(), r.value()));
        }
        return apply(raw)
                .onFailure(Poison::isPoison)
                .recoverWithUni(e -> {
                    LOG.warnf(
                            "purchase batch of %d refused (%s): applying its records one by one",
                            raw.size(), e.toString());
                    return Multi.createFrom()
                            .iterable(raw)
                            .onItem()
                            .transformToUniAndConcatenate(r -> apply(List.of(r))
                                    .onFailure(Poison::isPoison)
                                    .recoverWithUni(refused -> deadLetter(r, refused)))
                            .collect()
                            .last()
                            .replaceWithVoid();
                })
                .onFailure()
                .invoke(e -> {
                    LOG.errorf(e, "purchase batch of %d failed; the purchases channel stops", raw.size());
                    state.terminated(CONSUMER, e);
                });
    }

    /** Records in one transaction, tried again while the failure may pass (the diff against the known state makes a retry harmless). */
    private Uni<Void> apply(List<PurchaseIntake.Raw> raw) {
        PurchaseIntake.Sorted sorted = intake.sort(raw);
        return retry.untilApplied(
                        CONSUMER,
                        Topics.LICENSING_PURCHASES,
                        () -> ingestion.apply(sorted.lines(), sorted.rejected(), "topic"))
                .invoke(c -> LOG.debugf("purchase batch: %s", c))
                .replaceWithVoid();
    }

    /** A record the database refuses: to the dead-letter topic with the reason, and a SYNC_FAILED notice to its tenant. */
    private Uni<Void> deadLetter(PurchaseIntake.Raw record, Throwable refused) {
        LOG.warnf(
                "purchase record of %s refused by the database, to the dead-letter topic: %s",
                record.key(), refused.toString());
        List<PurchaseIngestion.Rejected> rejected = List.of(new PurchaseIngestion.Rejected(
                record.key(), null, record.value(), "refused by the database: " + refused.getMessage()));
        return retry.untilApplied(
                        CONSUMER, Topics.LICENSING_PURCHASES, () -> ingestion.apply(List.of(), rejected, "topic"))
                .replaceWithVoid();
    }
}
