package dev.entitlements.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entitlements.contract.EventJson;
import dev.entitlements.contract.Topics;
import dev.entitlements.infra.test.TestDatabase;
import dev.entitlements.infra.test.TestKafka;
import dev.entitlements.sync.request.repository.PeriodClaims;
import dev.entitlements.sync.request.service.SyncJobs;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Refreshes survive the instance that ran them, and the periodic refresh runs once per period
 * however many replicas schedule it (issue 18): what a killed sync-service left RUNNING is taken
 * over and finished; two replicas claiming one period get it once.
 */
@QuarkusTest
class SyncLeaseTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    SyncJobs jobs;

    @Inject
    PeriodClaims periods;

    @Test
    void aRefreshLeftRunningByADeadInstanceIsTakenOverAndFinished() {
        String tenant = tenantWithAnAccount();
        LicensingSystemStub.answers.put(
                "acc-" + tenant,
                "[" + EventJson.write(PurchaseIngestionTests.record(tenant, "p1", "CLD-APSW-1Y", 7, null)) + "]");
        UUID stale = UUID.randomUUID();
        // what an instance killed in the middle of a refresh leaves: RUNNING, its lease run out
        TestDatabase.update(
                "INSERT INTO sync_request (id, tenant_id, refresh_type, state, requested_by, owner, lease_until, updated_at)"
                        + " VALUES (?, ?, 'FULL', 'RUNNING', 'tests', 'dead-instance', now() - interval '1 second', now() - interval '2 minutes')",
                stale,
                tenant);

        // a new request for the tenant joins it rather than starting a second refresh
        assertEquals(stale, jobs.request(tenant, "tests").await().atMost(WAIT));
        // the reaper of any instance takes it over (the tests drive it; the scheduler does every
        // sync.lease.reap-interval)
        await().atMost(WAIT).until(() -> {
            jobs.takeOverStaleRefreshes().await().atMost(WAIT);
            return "SUCCEEDED".equals(TestDatabase.single("SELECT state FROM sync_request WHERE id = ?", stale));
        });
        assertEquals(
                2, ((Number) TestDatabase.single("SELECT attempts FROM sync_request WHERE id = ?", stale)).intValue());
        assertEquals(
                1,
                ((Number) TestDatabase.single("SELECT purchased + changed FROM sync_request WHERE id = ?", stale))
                        .intValue());
    }

    @Test
    void aRefreshWhoseInstancesKeepDyingIsGivenUpAsFailed() {
        String tenant = tenantWithAnAccount();
        UUID stale = UUID.randomUUID();
        TestDatabase.update(
                "INSERT INTO sync_request (id, tenant_id, refresh_type, state, requested_by, owner, lease_until, attempts)"
                        + " VALUES (?, ?, 'FULL', 'RUNNING', 'tests', 'dead-instance', now() - interval '1 second', 3)",
                stale,
                tenant);
        await().atMost(WAIT).until(() -> {
            jobs.takeOverStaleRefreshes().await().atMost(WAIT);
            return "FAILED".equals(TestDatabase.single("SELECT state FROM sync_request WHERE id = ?", stale));
        });
        assertTrue(String.valueOf(TestDatabase.single("SELECT failure_reason FROM sync_request WHERE id = ?", stale))
                .startsWith("abandoned"));
    }

    @Test
    void aLiveRefreshIsNotTakenOver() {
        String tenant = tenantWithAnAccount();
        UUID live = UUID.randomUUID();
        TestDatabase.update(
                "INSERT INTO sync_request (id, tenant_id, refresh_type, state, requested_by, owner, lease_until)"
                        + " VALUES (?, ?, 'FULL', 'RUNNING', 'tests', 'live-instance', now() + interval '1 minute')",
                live,
                tenant);
        jobs.takeOverStaleRefreshes().await().atMost(WAIT);
        assertEquals("live-instance", TestDatabase.single("SELECT owner FROM sync_request WHERE id = ?", live));
        assertEquals(
                1, ((Number) TestDatabase.single("SELECT attempts FROM sync_request WHERE id = ?", live)).intValue());
        TestDatabase.update("UPDATE sync_request SET state = 'FAILED' WHERE id = ?", live);
    }

    @Test
    void replicasClaimingOnePeriodGetItOnce() {
        String job = "job-" + UUID.randomUUID();
        List<Uni<Boolean>> claims = new ArrayList<>();
        for (int replica = 0; replica < 6; replica++) {
            claims.add(periods.claim(job, Duration.ofHours(6), "replica-" + replica));
        }
        List<?> won = Uni.join().all(claims).andFailFast().await().atMost(WAIT).stream()
                .filter(Boolean.TRUE::equals)
                .toList();
        assertEquals(1, won.size(), "one replica runs the period");
        assertEquals(
                false,
                periods.claim(job, Duration.ofHours(6), "replica-late").await().atMost(WAIT));
        // another job's period is its own
        assertEquals(
                true,
                periods.claim(job + "-other", Duration.ofHours(6), "replica-0")
                        .await()
                        .atMost(WAIT));
    }

    private static String tenantWithAnAccount() {
        String tenant = "msp-" + UUID.randomUUID();
        TestKafka.publishRaw(
                Topics.LICENSING_PURCHASES,
                tenant,
                EventJson.write(PurchaseIngestionTests.record(tenant, "p0", "CLD-APSW-1Y", 5, null)));
        await().atMost(WAIT)
                .until(() ->
                        TestDatabase.single("SELECT entitlement_id FROM licensing_account WHERE tenant_id = ?", tenant)
                                != null);
        return tenant;
    }
}
