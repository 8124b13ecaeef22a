package dev.entitlements.entitlement.settings.service;

import dev.entitlements.common.audit.Audit;
import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.outbox.Outbox;
import dev.entitlements.common.security.Caller;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.contract.events.AuditRecorded;
import dev.entitlements.entitlement.settings.repository.UsageSettingRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

@ApplicationScoped
public class UsageSettingService {

    private final UsageSettingRepository repository;
    private final Audit audit;
    private final Outbox outbox;

    public UsageSettingService(UsageSettingRepository repository, Audit audit, Outbox outbox) {
        this.repository = repository;
        this.audit = audit;
        this.outbox = outbox;
    }

    public Uni<List<UsageSetting>> list(Caller caller) {
        return repository.forTenant(caller.tenantId());
    }

    /**
     * Applies every change or none (one transaction), then answers the tenant's settings as they
     * are now. 400 for a feature that does not exist; 422 for a negative cap or a feature named twice.
     * Each feature changed is an entry of the audit trail, in the same transaction.
     */
    public Uni<List<UsageSetting>> update(Caller caller, List<UsageSettingChange> changes) {
        validate(changes);
        List<AuditRecorded> entries = new ArrayList<>(changes.size());
        for (UsageSettingChange c : changes) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("maxQuantity", c.maxQuantity());
            facts.put("enabled", c.enabled());
            facts.put("capped", c.capped());
            entries.add(audit.entry(caller, "settings.updated", "usageSetting", c.feature(), facts));
        }
        return repository
                .inTransaction(tx -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (UsageSettingChange c : changes) {
                        String feature = c.feature();
                        all = all.chain(() -> repository
                                .update(
                                        tx,
                                        caller.tenantId(),
                                        feature,
                                        c.maxQuantity(),
                                        c.enabled(),
                                        c.capped(),
                                        caller.subject())
                                .invoke(known -> {
                                    if (!known) {
                                        throw new ApiException(
                                                ErrorCode.INVALID_VALUE,
                                                "'featureType' " + feature + " is not a known feature",
                                                "GET /entitlements/settings lists the features");
                                    }
                                })
                                .replaceWithVoid());
                    }
                    return all.chain(() -> audit.record(tx, entries))
                            .chain(() -> repository.forTenant(tx, caller.tenantId()));
                })
                .invoke(outbox::committed);
    }

    private static void validate(List<UsageSettingChange> changes) {
        if (changes == null) {
            throw new ApiException(ErrorCode.MISSING_VALUE, "the body must be an array of feature settings");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < changes.size(); i++) {
            UsageSettingChange c = changes.get(i);
            if (c == null || c.featureType() == null || c.featureType().isBlank()) {
                throw new ApiException(ErrorCode.MISSING_VALUE, "'[" + i + "].featureType' is required");
            }
            if (c.maxQuantity() != null && c.maxQuantity() < 0) {
                throw new ApiException(
                        ErrorCode.UNPROCESSABLE, "'[" + i + "].maxQuantity' must be 0 or more, was " + c.maxQuantity());
            }
            if (!seen.add(c.feature())) {
                throw new ApiException(
                        ErrorCode.UNPROCESSABLE, "'[" + i + "].featureType' " + c.featureType() + " is named twice");
            }
        }
    }
}
