package dev.entitlements.assignment;

import org.junit.jupiter.api.Test;

import dev.entitlements.infra.test.HealthChecks;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HealthTests {

    @Test
    void readinessReportsTheDatabaseAndNotKafka() {
        HealthChecks.assertReadyWithoutKafka();
    }

    @Test
    void livenessReportsTheConsumers() {
        HealthChecks.assertLive();
    }
}
