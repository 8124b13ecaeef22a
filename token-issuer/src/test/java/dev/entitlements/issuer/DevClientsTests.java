package dev.entitlements.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DevClientsTests {

    private final DevClients clients = DevClients.parse(List.of(
            "# a comment",
            "automation s3cret msp-1 MSP ADMIN,READ_ONLY",
            "",
            "licensing other licensing SYSTEM LICENSING_SERVICE"));

    @Test
    void aClientWithItsSecretIsKnownWithItsTenantAndRoles() {
        DevClients.Client c = clients.authenticate("automation", "s3cret").orElseThrow();
        assertEquals("msp-1", c.tenantId());
        assertEquals("MSP", c.tenantType());
        assertEquals(List.of("ADMIN", "READ_ONLY"), c.roles());
    }

    @Test
    void aWrongSecretAnUnknownIdOrNothingIsNoClient() {
        assertTrue(clients.authenticate("automation", "s3cre").isEmpty());
        assertTrue(clients.authenticate("automation", "other").isEmpty());
        assertTrue(clients.authenticate("nobody", "s3cret").isEmpty());
        assertTrue(clients.authenticate(null, null).isEmpty());
        assertTrue(clients.authenticate("automation", null).isEmpty());
    }

    @Test
    void theClientsAreListedInTheFilesOrder() {
        for (int run = 0; run < 20; run++) {
            DevClients many = DevClients.parse(java.util.stream.IntStream.range(0, 30)
                    .mapToObj(i -> "c" + i + " s t MSP ADMIN")
                    .toList());
            assertEquals(
                    java.util.stream.IntStream.range(0, 30)
                            .mapToObj(i -> "c" + i)
                            .toList(),
                    many.all().stream().map(DevClients.Client::clientId).toList());
        }
        assertEquals("automation", clients.all().get(0).clientId());
    }

    @Test
    void aLineWithTheWrongColumnsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> DevClients.parse(List.of("automation s3cret msp-1 MSP")));
    }
}
