package dev.entitlements.sync.purchase.service;

import dev.entitlements.contract.EventType;
import dev.entitlements.contract.events.EntitlementData;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares incoming order lines with the last known state of the same tenant and says what really
 * changed. Pure: no I/O, so every rule is unit-tested.
 */
public final class PurchaseDiff {

    /** What is known about an order line: its last state and whether it is cancelled. */
    public record Known(EntitlementData entitlement, boolean cancelled) {}

    /** A real change, to store and to announce. */
    public record Change(
            EventType type, EntitlementData entitlement, EntitlementData previous, List<String> changedFields) {}

    private PurchaseDiff() {}

    /**
     * @param known       last known lines keyed by externalId (of the tenants concerned); not modified
     * @param incoming    validated lines in arrival order; a later line for the same externalId wins
     * @param fullRefresh tenant whose complete purchase list {@code incoming} is: its known lines
     *                    missing from the list are cancelled; null for an incremental update
     * @param keep        keys ({@link #key}) a full refresh must not cancel although they are missing
     *                    (their record was present but rejected)
     */
    public static List<Change> diff(
            Map<String, Known> known, List<PurchaseValidator.Line> incoming, String fullRefresh, Set<String> keep) {
        Map<String, Known> state = new LinkedHashMap<>(known);
        List<Change> changes = new ArrayList<>();
        Set<String> seen = new HashSet<>(keep);
        for (PurchaseValidator.Line line : incoming) {
            EntitlementData now = line.entitlement();
            String key = key(now.tenantId(), now.externalId());
            seen.add(key);
            Known before = state.get(key);
            if (line.cancelled()) {
                if (before != null && !before.cancelled()) {
                    changes.add(new Change(EventType.ENTITLEMENT_CANCELLED, before.entitlement(), null, List.of()));
                    state.put(key, new Known(before.entitlement(), true));
                }
                // a cancelled line never seen before announces nothing
                continue;
            }
            if (before == null || before.cancelled()) {
                changes.add(new Change(EventType.ENTITLEMENT_PURCHASED, now, null, List.of()));
            } else if (!before.entitlement().equals(now)) {
                changes.add(new Change(
                        EventType.ENTITLEMENT_CHANGED,
                        now,
                        before.entitlement(),
                        changedFields(before.entitlement(), now)));
            } else {
                continue;
            }
            state.put(key, new Known(now, false));
        }
        if (fullRefresh != null) {
            for (Map.Entry<String, Known> e : state.entrySet()) {
                Known k = e.getValue();
                if (!k.cancelled() && k.entitlement().tenantId().equals(fullRefresh) && !seen.contains(e.getKey())) {
                    changes.add(new Change(EventType.ENTITLEMENT_CANCELLED, k.entitlement(), null, List.of()));
                }
            }
        }
        return changes;
    }

    public static String key(String tenantId, String externalId) {
        return tenantId + '\u0000' + externalId;
    }

    static List<String> changedFields(EntitlementData before, EntitlementData now) {
        List<String> fields = new ArrayList<>();
        for (RecordComponent c : EntitlementData.class.getRecordComponents()) {
            try {
                if (!Objects.equals(
                        c.getAccessor().invoke(before), c.getAccessor().invoke(now))) {
                    fields.add(c.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return fields;
    }
}
