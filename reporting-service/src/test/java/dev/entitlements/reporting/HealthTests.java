package dev.entitlements.reporting;

import dev.entitlements.infra.test.HealthChecks;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

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
