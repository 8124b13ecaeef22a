package dev.entitlements.sync;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The health checks of the packaged application (target/quarkus-app), on the same real Kafka and PostgreSQL. */
@QuarkusIntegrationTest
class HealthIT extends HealthTests {}
