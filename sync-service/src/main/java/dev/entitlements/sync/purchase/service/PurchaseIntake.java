package dev.entitlements.sync.purchase.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entitlements.contract.events.PurchaseRecord;

/**
 * Reads raw licensing-system records (JSON text) and sorts them into valid lines and rejected
 * records with their reasons — for the paths that receive raw text (the topic).
 */
@ApplicationScoped
public class PurchaseIntake {

    // the licensing system's records are checked strictly: an unknown field is a contract breach
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final PurchaseValidator validator;

    public PurchaseIntake(PurchaseValidator validator) {
        this.validator = validator;
    }

    /** Valid lines and rejected records of one batch. */
    public record Sorted(List<PurchaseValidator.Line> lines, List<PurchaseIngestion.Rejected> rejected) {
    }

    /** A raw record: the Kafka key (tenant) and value (JSON). */
    public record Raw(String key, String value) {
    }

    public Sorted sort(List<Raw> records) {
        List<PurchaseValidator.Line> lines = new ArrayList<>(records.size());
        List<PurchaseIngestion.Rejected> rejected = new ArrayList<>();
        for (Raw raw : records) {
            PurchaseRecord record;
            try {
                record = raw.value() == null ? null : STRICT.readValue(raw.value(), PurchaseRecord.class);
            } catch (JsonProcessingException e) {
                rejected.add(new PurchaseIngestion.Rejected(raw.key(), null, raw.value(), "not a purchase record: " + e.getOriginalMessage()));
                continue;
            }
            PurchaseValidator.Result result = validator.validate(record);
            if (result.valid()) {
                lines.add(result.line());
            } else {
                rejected.add(new PurchaseIngestion.Rejected(record == null || record.tenantId() == null ? raw.key() : record.tenantId(),
                        record == null ? null : record.externalId(), raw.value(), result.reasons()));
            }
        }
        return new Sorted(lines, rejected);
    }
}
