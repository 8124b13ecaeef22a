package dev.entitlements.sync.purchase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entitlements.contract.EventType;
import dev.entitlements.contract.events.EntitlementData;
import dev.entitlements.sync.purchase.service.PurchaseDiff;
import dev.entitlements.sync.purchase.service.PurchaseDiff.Change;
import dev.entitlements.sync.purchase.service.PurchaseDiff.Known;
import dev.entitlements.sync.purchase.service.PurchaseValidator.Line;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PurchaseDiffTests {

    private static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2024-12-31T23:59:59Z");

    @Test
    void aNewLineIsPurchased() {
        List<Change> changes = PurchaseDiff.diff(Map.of(), List.of(line("a", 10, false)), null, Set.of());
        assertEquals(List.of(EventType.ENTITLEMENT_PURCHASED), types(changes));
        assertEquals(10, changes.get(0).entitlement().quantity());
    }

    @Test
    void anIdenticalLineChangesNothing() {
        assertTrue(PurchaseDiff.diff(known(data("a", 10), false), List.of(line("a", 10, false)), null, Set.of())
                .isEmpty());
    }

    @Test
    void aDifferentQuantityOrDateIsAChangeNamingTheFields() {
        EntitlementData moved = new EntitlementData(
                "t1",
                "acc",
                "a",
                "APSW-MSP100-001",
                "APSW",
                "MSP_APSW",
                null,
                false,
                true,
                true,
                12,
                FROM,
                TO.plusSeconds(86400),
                "Gold",
                false,
                false,
                null,
                null);
        List<Change> changes =
                PurchaseDiff.diff(known(data("a", 10), false), List.of(new Line(moved, false)), null, Set.of());
        assertEquals(List.of(EventType.ENTITLEMENT_CHANGED), types(changes));
        assertEquals(List.of("quantity", "expirationDate"), changes.get(0).changedFields());
        assertEquals(10, changes.get(0).previous().quantity());
    }

    @Test
    void aCancelledLineIsCancelledOnceAndAnUnknownCancelledLineIsIgnored() {
        List<Change> changes = PurchaseDiff.diff(
                known(data("a", 10), false), List.of(line("a", 10, true), line("a", 10, true)), null, Set.of());
        assertEquals(List.of(EventType.ENTITLEMENT_CANCELLED), types(changes));
        assertTrue(PurchaseDiff.diff(Map.of(), List.of(line("z", 1, true)), null, Set.of())
                .isEmpty());
        assertTrue(PurchaseDiff.diff(known(data("a", 10), true), List.of(line("a", 10, true)), null, Set.of())
                .isEmpty());
    }

    @Test
    void aCancelledLineThatComesBackIsPurchasedAgain() {
        assertEquals(
                List.of(EventType.ENTITLEMENT_PURCHASED),
                types(PurchaseDiff.diff(known(data("a", 10), true), List.of(line("a", 10, false)), null, Set.of())));
    }

    @Test
    void withinOneBatchLaterLinesSeeEarlierOnes() {
        List<Change> changes = PurchaseDiff.diff(
                Map.of(), List.of(line("a", 1, false), line("a", 1, false), line("a", 2, false)), null, Set.of());
        assertEquals(List.of(EventType.ENTITLEMENT_PURCHASED, EventType.ENTITLEMENT_CHANGED), types(changes));
    }

    @Test
    void aFullRefreshCancelsWhatIsMissingExceptKeptAndOtherTenants() {
        Map<String, Known> known = new java.util.HashMap<>(known(data("a", 1), false));
        known.putAll(known(data("b", 1), false));
        known.putAll(known(data("c", 1), false));
        known.putAll(known(data("gone", 1), true));
        List<Change> changes =
                PurchaseDiff.diff(known, List.of(line("a", 1, false)), "t1", Set.of(PurchaseDiff.key("t1", "c")));
        assertEquals(List.of(EventType.ENTITLEMENT_CANCELLED), types(changes));
        assertEquals("b", changes.get(0).entitlement().externalId());
        assertTrue(PurchaseDiff.diff(known, List.of(line("a", 1, false)), "other-tenant", Set.of())
                .isEmpty());
    }

    private static List<EventType> types(List<Change> changes) {
        return changes.stream().map(Change::type).toList();
    }

    private static Map<String, Known> known(EntitlementData d, boolean cancelled) {
        return Map.of(PurchaseDiff.key(d.tenantId(), d.externalId()), new Known(d, cancelled));
    }

    private static Line line(String externalId, int quantity, boolean cancelled) {
        return new Line(data(externalId, quantity), cancelled);
    }

    static EntitlementData data(String externalId, int quantity) {
        return new EntitlementData(
                "t1",
                "acc",
                externalId,
                "APSW-MSP100-001",
                "APSW",
                "MSP_APSW",
                null,
                false,
                true,
                true,
                quantity,
                FROM,
                TO,
                "Gold",
                false,
                false,
                null,
                null);
    }
}
