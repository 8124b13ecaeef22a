package dev.entitlements.sync.purchase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.entitlements.contract.EventType;
import dev.entitlements.sync.purchase.service.PurchaseDiff;
import dev.entitlements.sync.purchase.service.PurchaseDiff.Change;
import dev.entitlements.sync.purchase.service.PurchaseDiff.Known;
import dev.entitlements.sync.purchase.service.PurchaseValidator.Line;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The diff against a reference as simple as it gets — "the latest record of a line wins; a
 * cancellation marks a known line cancelled" — over random known states and record sequences on a
 * few lines, so the same line is hit repeatedly.
 */
class PurchaseDiffProperties {

    /** A record on line {@code id} (one of four) with a quantity 1..3, maybe cancelled. */
    record Rec(String id, int quantity, boolean cancelled) {
        Line line() {
            return new Line(PurchaseDiffTests.data(id, quantity), cancelled);
        }
    }

    @Property
    void theEventsCarryTheStateFromTheLastKnownToTheReference(@ForAll("states") Map<String, Known> known,
            @ForAll("records") List<Rec> records) {
        List<Change> changes = PurchaseDiff.diff(known, records.stream().map(Rec::line).toList(), null, Set.of());

        Map<String, Known> reference = new HashMap<>(known);
        int realChanges = 0;
        for (Rec r : records) {
            realChanges += applyReference(reference, r) ? 1 : 0;
        }
        Map<String, Known> folded = new HashMap<>(known);
        for (Change c : changes) {
            String key = PurchaseDiff.key(c.entitlement().tenantId(), c.entitlement().externalId());
            folded.put(key, new Known(c.entitlement(), c.type() == EventType.ENTITLEMENT_CANCELLED));
        }
        assertEquals(reference, folded);
        // one event per record that changed something, none for the rest
        assertEquals(realChanges, changes.size());
    }

    @Property
    void redeliveringTheLatestRecordsAnnouncesNothing(@ForAll("states") Map<String, Known> known, @ForAll("records") List<Rec> records) {
        Map<String, Known> after = new HashMap<>(known);
        Map<String, Rec> latest = new LinkedHashMap<>();
        for (Rec r : records) {
            applyReference(after, r);
            latest.put(r.id(), r);
        }
        List<Line> again = latest.values().stream().map(Rec::line).toList();
        assertTrue(PurchaseDiff.diff(after, again, null, Set.of()).isEmpty());
    }

    /** The reference rule; true when the record changed the state. */
    private static boolean applyReference(Map<String, Known> state, Rec r) {
        String key = PurchaseDiff.key("t1", r.id());
        Known before = state.get(key);
        Known after;
        if (r.cancelled()) {
            after = before == null ? null : new Known(before.entitlement(), true);
        } else {
            after = new Known(PurchaseDiffTests.data(r.id(), r.quantity()), false);
        }
        if (after == null || after.equals(before)) {
            return false;
        }
        state.put(key, after);
        return true;
    }

    @Provide
    Arbitrary<Map<String, Known>> states() {
        Arbitrary<Known> known = Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.of(true, false))
                .as((q, c) -> new Known(PurchaseDiffTests.data("x", q), c));
        return Arbitraries.subsetOf("a", "b", "c", "d").flatMap(ids -> {
            List<String> order = List.copyOf(ids);
            return known.list().ofSize(order.size()).map(values -> {
                Map<String, Known> m = new HashMap<>();
                for (int i = 0; i < order.size(); i++) {
                    Known k = values.get(i);
                    m.put(PurchaseDiff.key("t1", order.get(i)),
                            new Known(PurchaseDiffTests.data(order.get(i), k.entitlement().quantity()), k.cancelled()));
                }
                return m;
            });
        });
    }

    @Provide
    Arbitrary<List<Rec>> records() {
        return Combinators.combine(Arbitraries.of("a", "b", "c", "d"), Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(0, 3).map(i -> i == 0)).as(Rec::new).list().ofMaxSize(12);
    }
}
