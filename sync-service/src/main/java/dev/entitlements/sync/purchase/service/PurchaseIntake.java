package dev.entitlements.sync.purchase.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entitlements.contract.EventJson;
import dev.entitlements.contract.events.PurchaseRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads raw licensing-system records (JSON text) and sorts them into valid lines and rejected
 * records with their reasons: the one place a record becomes a line or a rejection, for the topic
 * (raw text) and the licensing system's purchase list alike.
 */
@ApplicationScoped
public class PurchaseIntake {

    // the licensing system's records are checked strictly: an unknown field is a contract breach
    private static final ObjectMapper STRICT =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final PurchaseValidator validator;

    public PurchaseIntake(PurchaseValidator validator) {
        this.validator = validator;
    }

    /** Valid lines and rejected records of one batch. */
    public record Sorted(List<PurchaseValidator.Line> lines, List<PurchaseIngestion.Rejected> rejected) {}

    /** A raw record: the Kafka key (tenant) and value (JSON). */
    public record Raw(String key, String value) {}

    /** A batch of raw records (the topic): a record that is not JSON of a purchase record is rejected as such. */
    public Sorted sort(List<Raw> records) {
        Sorted sorted = new Sorted(new ArrayList<>(records.size()), new ArrayList<>());
        for (Raw raw : records) {
            PurchaseRecord record;
            try {
                record = raw.value() == null ? null : STRICT.readValue(raw.value(), PurchaseRecord.class);
            } catch (JsonProcessingException e) {
                sorted.rejected()
                        .add(new PurchaseIngestion.Rejected(
                                raw.key(), null, raw.value(), "not a purchase record: " + e.getOriginalMessage()));
                continue;
            }
            String tenant = record == null || record.tenantId() == null ? raw.key() : record.tenantId();
            sort(record, tenant, raw.value(), null, sorted);
        }
        return sorted;
    }

    /** A tenant's complete purchase list (the pull path): a record of another tenant is rejected too. */
    public Sorted sortList(String tenantId, List<PurchaseRecord> records) {
        Sorted sorted = new Sorted(new ArrayList<>(records.size()), new ArrayList<>());
        for (PurchaseRecord record : records) {
            sort(record, tenantId, EventJson.write(record), tenantId, sorted);
        }
        return sorted;
    }

    private void sort(PurchaseRecord record, String tenant, String value, String requiredTenant, Sorted into) {
        PurchaseValidator.Result result = validator.validate(record);
        if (!result.valid()) {
            into.rejected()
                    .add(new PurchaseIngestion.Rejected(
                            tenant, record == null ? null : record.externalId(), value, result.reasons()));
        } else if (requiredTenant != null
                && !requiredTenant.equals(result.line().entitlement().tenantId())) {
            into.rejected()
                    .add(new PurchaseIngestion.Rejected(
                            tenant,
                            record.externalId(),
                            value,
                            "record of tenant " + record.tenantId() + " in the purchase list of " + requiredTenant));
        } else {
            into.lines().add(result.line());
        }
    }
}
