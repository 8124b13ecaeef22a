package dev.entitlements.assignment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.entitlements.common.time.Lifecycle;
import dev.entitlements.infra.test.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The SQL form of the status rule gives what the Java form gives, in the real PostgreSQL. */
@QuarkusTest
class LifecycleSqlTests {

    @Test
    void sqlAndJavaAgreeOnRandomWindowsIncludingTheBoundaries() {
        Random random = new Random(20261123);
        String sql = "SELECT " + Lifecycle.sql("v.revoked", "v.effective", "v.expiration", "v.now")
                + " FROM (SELECT CAST(? AS TIMESTAMPTZ) AS revoked, CAST(? AS TIMESTAMPTZ) AS effective,"
                + " CAST(? AS TIMESTAMPTZ) AS expiration, CAST(? AS TIMESTAMPTZ) AS now) v";
        Instant base = Instant.parse("2024-01-01T00:00:00Z");
        for (int i = 0; i < 300; i++) {
            Instant effective = base.plusSeconds(random.nextInt(1_000_000));
            Instant expiration = effective.plusSeconds(1 + random.nextInt(1_000_000));
            Instant now = switch (i % 4) {
                case 0 -> effective; // boundaries, where off-by-one mistakes live
                case 1 -> expiration;
                default -> base.plusSeconds(random.nextInt(2_200_000));
            };
            Instant revoked = random.nextInt(5) == 0 ? effective : null;
            Object fromSql = TestDatabase.single(sql, ts(revoked), ts(effective), ts(expiration), ts(now));
            assertEquals(
                    Lifecycle.status(revoked, effective, expiration, now).name(),
                    fromSql,
                    "revoked=" + revoked + " window=" + effective + ".." + expiration + " now=" + now);
        }
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
