package dev.entitlements.infra.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TwoInstancePlanTests {

    private static List<String> names(long seed) {
        return FaultRun.Plan.twoInstances(seed).faults().stream()
                .map(Faults.Fault::name)
                .toList();
    }

    @Test
    void eachServiceInTurnHasItsPartitionsMovedByATermAKillAndAFreezePastTheSessionTimeout() {
        List<String> moves = names(42);
        assertEquals(12, moves.size(), moves.toString());
        for (int i = 0; i < Platform.NAMES.size(); i++) {
            String service = Platform.NAMES.get(i);
            List<String> three = moves.subList(3 * i, 3 * i + 3);
            assertTrue(
                    three.stream().allMatch(m -> m.startsWith(service + " ") || m.startsWith(service + "#2 ")),
                    three.toString());
            assertEquals(
                    1, three.stream().filter(m -> m.contains(" TERM, restart")).count(), three.toString());
            assertEquals(
                    1,
                    three.stream().filter(m -> m.contains(" SIGKILL, restart")).count(),
                    three.toString());
            assertEquals(
                    1,
                    three.stream()
                            .filter(m -> m.contains(" SIGSTOP 20 s, SIGCONT"))
                            .count(),
                    three.toString());
        }
    }

    @Test
    void theSeedFixesTheOrderAndTheInstances() {
        assertEquals(names(7), names(7));
    }

    @Test
    void twoOfEachServiceOnSixPartitionsWithTheLoadSentStraightToThem() {
        Platform.Layout layout = FaultRun.Plan.twoInstances(1).layout();
        assertEquals(Platform.NAMES, layout.twice());
        assertEquals(6, layout.partitions());
        assertTrue(layout.loadDirect());
        assertTrue(
                FaultRun.Plan.PAST_SESSION.toSeconds() > 10,
                "longer than the consumers' session timeout (10 s, common's microprofile-config.properties)");
    }
}
