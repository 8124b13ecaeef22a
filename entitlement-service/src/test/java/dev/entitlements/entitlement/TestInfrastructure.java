package dev.entitlements.entitlement;

import dev.entitlements.infra.test.KafkaTestResource;
import dev.entitlements.infra.test.PostgresTestResource;
import dev.entitlements.infra.test.TokenTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The real Kafka broker, PostgreSQL and token issuer of this module's tests. Declared once here
 * and global (not restricted to this class): started once for all test classes of the module.
 */
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(
        value = PostgresTestResource.class,
        restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "database", value = "entitlement"))
@QuarkusTestResource(value = TokenTestResource.class, restrictToAnnotatedClass = false)
public final class TestInfrastructure {

    private TestInfrastructure() {}
}
