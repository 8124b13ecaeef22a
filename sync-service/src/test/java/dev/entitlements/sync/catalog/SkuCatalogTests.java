package dev.entitlements.sync.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of sku-catalog.txt, the trial rule (R5) and the MSP-pool rule. */
class SkuCatalogTests {

    private final SkuCatalog catalog = new SkuCatalog();

    @ParameterizedTest
    @CsvSource(
            nullValues = "null",
            value = {
                // sku,                license, device,          sub-type,   trial, r1,    msp
                "APSW-MSP100-001,      APSW,    MSP_APSW,        null,       false, true,  true",
                "CLD-APSW-1Y,          APSW,    APSW,            null,       false, true,  false",
                "CLD-APSW-1Y-TEMP,     APSW,    APSW,            null,       true,  true,  false",
                "APSW-MSP-TMP090-01,   APSW,    MSP_APSW,        null,       true,  true,  true",
                "cld-urlf-msp-3y,      URLF,    MSP_APSW,        URLF,       false, true,  true",
                "CLD-URLF-1Y,          URLF,    APSW,            URLF,       false, true,  false",
                "EDGE-SECS-MSP-1Y,     EDGE_SECS, MSP_EDGE,      EDGE_SECS,  false, true,  true",
                "EDGE-SECL-1Y-TEMP,    EDGE_SECL, EDGE_SECL,     EDGE_SECL,  true,  true,  false",
                "SLTN-TOKEN-MSP-100,   SLTN_TOKEN, MSP_SLTN_TOKEN, null,     false, true,  true",
                "CLD-SLTN-PIN-1Y,      SLTN_TOKEN, SLTN_TOKEN,   null,       false, true,  false",
                "SZ-AP-LIC-1,          APSW,    APSW,            null,       false, false, false",
                "VSZ-AP-LIC-1-TEMP,    APSW,    APSW,            null,       true,  false, false",
            })
    void resolvesEveryFamily(
            String sku, String license, String device, String subType, boolean trial, boolean r1, boolean msp) {
        assertEquals(
                new SkuInfo(license, device, subType, trial, r1, msp),
                catalog.resolve(sku).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "WIDGET-42", "MSPX-FOO", "ANALYTICS-1Y"})
    void anUnknownSkuResolvesToNothing(String sku) {
        assertTrue(catalog.resolve(sku).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"APSWMSP-1", "XMSP-APSW"})
    void mspMustBeATokenNotPartOfAWord(String sku) {
        assertEquals(false, catalog.resolve(sku).orElseThrow().mspPool());
    }

    @org.junit.jupiter.api.Test
    void aMalformedCatalogueLineIsRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> SkuCatalog.parse(List.of(".*APSW.* APSW APSW MSP_APSW -")));
        assertThrows(
                IllegalArgumentException.class, () -> SkuCatalog.parse(List.of(".*APSW.* APSW APSW MSP_APSW - yes")));
    }
}
