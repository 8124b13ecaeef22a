package dev.entitlements.sync.purchase.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.entitlements.sync.purchase.service.PurchaseIngestion;
import dev.entitlements.sync.purchase.service.PurchaseIntake;
import io.smallrye.mutiny.Uni;

/**
 * The push path from the licensing system's topic: a batch of records in, one transaction out.
 * Bad records never stop the stream: they go to the dead-letter topic through the outbox, in the
 * same transaction as the good ones.
 */
@ApplicationScoped
public class PurchaseConsumer {

    private static final Logger LOG = Logger.getLogger(PurchaseConsumer.class);

    private final PurchaseIntake intake;
    private final PurchaseIngestion ingestion;

    public PurchaseConsumer(PurchaseIntake intake, PurchaseIngestion ingestion) {
        this.intake = intake;
        this.ingestion = ingestion;
    }

    @Incoming("purchases")
    public Uni<Void> onPurchases(ConsumerRecords<String, String> records) {
        List<PurchaseIntake.Raw> raw = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> r : records) {
            raw.add(new PurchaseIntake.Raw(r.key(), r.value()));
        }
        PurchaseIntake.Sorted sorted = intake.sort(raw);
        return ingestion.apply(sorted.lines(), sorted.rejected(), "topic")
                // a database hiccup is retried; only a lasting failure fails the batch (to the DLQ)
                .onFailure().invoke(e -> LOG.warnf("purchase batch of %d failed, retrying: %s", raw.size(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(10)
                .invoke(c -> LOG.debugf("purchase batch: %s", c))
                .replaceWithVoid();
    }
}
