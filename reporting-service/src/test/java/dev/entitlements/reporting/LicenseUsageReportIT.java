package dev.entitlements.reporting;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The device-usage flow against the packaged application: Kafka in, PostgreSQL, HTTP out. */
@QuarkusIntegrationTest
class LicenseUsageReportIT extends LicenseUsageReportTests {}
