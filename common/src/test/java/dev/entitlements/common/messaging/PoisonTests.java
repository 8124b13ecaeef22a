package dev.entitlements.common.messaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import dev.entitlements.contract.InvalidEventException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only a record that can never be applied is poison; every failure that may pass is retried. */
class PoisonTests {

    @Test
    void aRecordThatCannotBeReadIsPoisonWhereverItIsInTheCauseChain() {
        assertTrue(Poison.isPoison(new InvalidEventException("not a CloudEvent")));
        assertTrue(Poison.isPoison(
                new RuntimeException(new CompletionException(new JsonParseException(null, "bad json")))));
        assertTrue(Poison.isPoison(new DateTimeParseException("bad date", "2024-13-01", 5)));
        assertTrue(Poison.isPoison(new IllegalArgumentException("deviceCount cannot be negative")));
        assertTrue(Poison.isPoison(new NullPointerException("tenantId")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"22001", "22003", "22008", "22021", "22P02", "23502", "23514"})
    void dataTheDatabaseRefusesIsPoison(String sqlState) {
        assertTrue(Poison.isPoison(new PgException("refused", "ERROR", sqlState, null)), sqlState);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "57P01", "57P02", "57P03", "55000", "53300", "08006", "57014", "55P03", "25P03", "40001", "40P01",
                "23505", "XX000"
            })
    void aDatabaseThatIsAwayBusyOrInConflictIsNotPoison(String sqlState) {
        assertFalse(Poison.isPoison(new PgException("failed", "FATAL", sqlState, null)), sqlState);
    }

    @Test
    void connectionFailuresAndUnknownFailuresAreNotPoison() {
        assertFalse(Poison.isPoison(new ConnectException("Connection refused")));
        assertFalse(Poison.isPoison(ClosedConnectionException.INSTANCE));
        assertFalse(Poison.isPoison(new VertxException("Timeout waiting for connection", true)));
        assertFalse(Poison.isPoison(new IllegalStateException("pool closed")));
        assertFalse(Poison.isPoison(new RuntimeException("something nobody expected")));
    }

    @Test
    void aCauseChainWithACycleEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertFalse(Poison.isPoison(a));
    }
}
