package dev.entitlements.sync.purchase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.entitlements.contract.events.EntitlementData;
import dev.entitlements.contract.events.PurchaseRecord;
import dev.entitlements.sync.catalog.SkuCatalog;
import dev.entitlements.sync.purchase.service.PurchaseValidator;
import dev.entitlements.sync.purchase.service.PurchaseValidator.Problem;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PurchaseValidatorTests {

    private final PurchaseValidator validator = new PurchaseValidator(new SkuCatalog());

    @Test
    void aGoodRecordBecomesAnEntitlementWithWhatItsSkuMeans() {
        PurchaseValidator.Result r = validator.validate(record("APSW-MSP100-001-TEMP", 5, "2024-01-01", "2024-12-31"));
        assertTrue(r.valid());
        EntitlementData e = r.line().entitlement();
        assertEquals("APSW", e.licenseType());
        assertEquals("MSP_APSW", e.deviceType());
        assertTrue(e.trial() && e.mspPool() && e.r1Sku());
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), e.effectiveDate());
        assertEquals(Instant.parse("2024-12-31T23:59:59Z"), e.expirationDate());
        assertFalse(r.line().cancelled());
    }

    @Test
    void almFieldsAreKeptOnlyForAlmEntitlements() {
        PurchaseRecord notAlm = new PurchaseRecord(
                "t1", "acc", "x1", "CLD-APSW-1Y", 1, "2024-01-01", "2024-12-31", null, false, "ALM-1", 50L, null, null);
        assertNull(validator.validate(notAlm).line().entitlement().almActivationId());
        PurchaseRecord alm = new PurchaseRecord(
                "t1", "acc", "x1", "CLD-APSW-1Y", 1, "2024-01-01", "2024-12-31", null, true, "ALM-1", 50L, null, null);
        assertEquals(50L, validator.validate(alm).line().entitlement().almSoEntQuantity());
    }

    @Test
    void everyProblemIsNamedAndClassified() {
        PurchaseRecord bad = new PurchaseRecord(
                " ", null, "x1", "WIDGET", 0, "soon", "2024-12-31", null, null, null, -1L, null, null);
        List<Problem> problems = validator.validate(bad).problems();
        List<String> reasons = problems.stream().map(Problem::reason).toList();
        assertTrue(reasons.contains("'tenantId' is required"), reasons.toString());
        assertTrue(reasons.contains("'entitlementId' is required"), reasons.toString());
        assertTrue(reasons.contains("unknown SKU 'WIDGET'"), reasons.toString());
        assertTrue(reasons.contains("'quantity' must be positive, was 0"), reasons.toString());
        assertTrue(reasons.contains("'almSoEntQuantity' cannot be negative"), reasons.toString());
        assertTrue(reasons.stream().anyMatch(s -> s.startsWith("'effectiveDate' is not a date")), reasons.toString());
        assertEquals(
                List.of(true),
                problems.stream()
                        .filter(p -> p.reason().startsWith("unknown SKU"))
                        .map(Problem::semantic)
                        .toList());
    }

    @Test
    void anEndNotAfterTheStartIsASemanticProblem() {
        List<Problem> problems = validator
                .validate(record("CLD-APSW-1Y", 1, "2024-12-31T23:59:59Z", "2024-01-01"))
                .problems();
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).semantic());
    }

    static PurchaseRecord record(String sku, int quantity, String from, String to) {
        return new PurchaseRecord("t1", "acc", "x1", sku, quantity, from, to, "Gold", null, null, null, null, null);
    }
}
