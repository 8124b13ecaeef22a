package dev.entitlements.reliability;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entitlements.infra.faults.FaultRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CI-sized fault run (issue 18): the whole platform as packaged, on a durable PostgreSQL, takes
 * keyed creates, updates and revokes through the gateway (about 3 writes a second, a few hundred in
 * all) plus purchases, device usage and report reads, while the broker is SIGKILLed and down 10 s,
 * PostgreSQL crashes (immediate stop) and is down 10 s, and assignment-service is SIGKILLed while its
 * outbox holds rows. The client retries what got no definitive answer with the same
 * Idempotency-Key. Afterwards nothing acknowledged may be missing or doubled in the assignment
 * database or either read model, the pools are never over-allocated, no request hangs past the
 * client's 10 s, no answer is a 500 or a body other than the JSON error, and each fault is recovered
 * from within 90 s. The report goes to target/fault-run-report.md. The full run is
 * {@code ./run faults} (docs/reliability.md).
 */
class FaultRunIT {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void nothingIsLostDoubledOverAllocatedOrHungWhenTheBrokerPostgresAndAServiceFail() throws Exception {
        Path root = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."))
                .toAbsolutePath()
                .normalize();
        long seed = Long.getLong("faults.seed", 18L);
        FaultRun.Result r = new FaultRun(root, FaultRun.Plan.ci(), seed).run();
        Files.createDirectories(root.resolve("reliability-tests/target"));
        Files.writeString(root.resolve("reliability-tests/target/fault-run-report.md"), r.report());
        System.out.println(r.report());
        assertTrue(
                r.acknowledged() > 100,
                "the load hardly ran: " + r.acknowledged() + " acknowledged writes\n" + r.report());
        assertAll(
                () -> assertEquals(0, r.lost(), "acknowledged writes lost"),
                () -> assertEquals(0, r.doubled(), "writes doubled"),
                () -> assertEquals(0, r.refusedButPresent(), "refused writes present anyway"),
                () -> assertEquals(
                        0, r.readModelDivergence(), "read models differ from the assignment database after the settle"),
                () -> assertEquals(0, r.overAllocatedSamples(), "samples with more assigned than the pool holds"),
                () -> assertEquals(0, r.hung(), "requests without an answer within 10 s"),
                () -> assertEquals(0, r.status500(), "answers 500"),
                () -> assertEquals(0, r.badBodies(), "error answers whose body is not the JSON error"),
                () -> assertTrue(r.allRecovered(), "a fault not recovered within 90 s: " + r.recoverySeconds()));
    }
}
