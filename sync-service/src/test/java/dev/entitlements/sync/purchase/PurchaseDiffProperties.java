package dev.entitlements.sync.purchase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entitlements.contract.EventType;
import dev.entitlements.infra.test.Seeds;
import dev.entitlements.sync.purchase.service.PurchaseDiff;
import dev.entitlements.sync.purchase.service.PurchaseDiff.Change;
import dev.entitlements.sync.purchase.service.PurchaseDiff.Known;
import dev.entitlements.sync.purchase.service.PurchaseValidator.Line;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The diff against a reference as simple as it gets — "the latest record of a line wins; a
 * cancellation marks a known line cancelled" — over random known states and record sequences on a
 * few lines, so the same line is hit repeatedly.
 */
class PurchaseDiffProperties {

    private static final List<String> IDS = List.of("a", "b", "c", "d");

    static LongStream seeds() {
        return Seeds.of(0x5EED_D1FFL, 1_000);
    }

    /** A record on line {@code id} (one of four) with a quantity 1..3, maybe cancelled. */
    record Rec(String id, int quantity, boolean cancelled) {
        Line line() {
            return new Line(PurchaseDiffTests.data(id, quantity), cancelled);
        }
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds")
    void theEventsCarryTheStateFromTheLastKnownToTheReference(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Known> known = states(random);
        List<Rec> records = records(random);
        String at = "seed=" + seed + " known " + known + " records " + records;
        List<Change> changes =
                PurchaseDiff.diff(known, records.stream().map(Rec::line).toList(), null, Set.of());

        Map<String, Known> reference = new HashMap<>(known);
        int realChanges = 0;
        for (Rec r : records) {
            realChanges += applyReference(reference, r) ? 1 : 0;
        }
        Map<String, Known> folded = new HashMap<>(known);
        for (Change c : changes) {
            String key =
                    PurchaseDiff.key(c.entitlement().tenantId(), c.entitlement().externalId());
            folded.put(key, new Known(c.entitlement(), c.type() == EventType.ENTITLEMENT_CANCELLED));
        }
        assertEquals(reference, folded, at);
        // one event per record that changed something, none for the rest
        assertEquals(realChanges, changes.size(), "events, " + at);
    }

    @ParameterizedTest(name = Seeds.NAME)
    @MethodSource("seeds")
    void redeliveringTheLatestRecordsAnnouncesNothing(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Known> known = states(random);
        List<Rec> records = records(random);
        Map<String, Known> after = new HashMap<>(known);
        Map<String, Rec> latest = new LinkedHashMap<>();
        for (Rec r : records) {
            applyReference(after, r);
            latest.put(r.id(), r);
        }
        List<Line> again = latest.values().stream().map(Rec::line).toList();
        List<Change> changes = PurchaseDiff.diff(after, again, null, Set.of());
        assertTrue(
                changes.isEmpty(),
                "seed=" + seed + " known " + known + " records " + records + " announced " + changes);
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

    /** Each of the four lines known or not, with a quantity 1..3, maybe cancelled. */
    private static Map<String, Known> states(SplittableRandom r) {
        Map<String, Known> state = new HashMap<>();
        for (String id : IDS) {
            if (r.nextBoolean()) {
                state.put(
                        PurchaseDiff.key("t1", id),
                        new Known(PurchaseDiffTests.data(id, 1 + r.nextInt(3)), r.nextBoolean()));
            }
        }
        return state;
    }

    /** Up to 12 records on the four lines; one in four cancels. */
    private static List<Rec> records(SplittableRandom r) {
        List<Rec> records = new ArrayList<>();
        for (int n = r.nextInt(13); n > 0; n--) {
            records.add(new Rec(IDS.get(r.nextInt(IDS.size())), 1 + r.nextInt(3), r.nextInt(4) == 0));
        }
        return records;
    }
}
