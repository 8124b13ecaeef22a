package dev.entitlements.sync.purchase.service;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.time.Dates;
import dev.entitlements.contract.events.EntitlementData;
import dev.entitlements.contract.events.PurchaseRecord;
import dev.entitlements.sync.catalog.SkuCatalog;
import dev.entitlements.sync.catalog.SkuInfo;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a licensing-system record into an entitlement, or says everything that is wrong with it.
 * The same rules for every ingestion path.
 */
@ApplicationScoped
public class PurchaseValidator {

    private final SkuCatalog catalog;

    public PurchaseValidator(SkuCatalog catalog) {
        this.catalog = catalog;
    }

    /** A record that passed: the entitlement it describes, and whether the line is cancelled. */
    public record Line(EntitlementData entitlement, boolean cancelled) {}

    /**
     * A problem with a record.
     *
     * @param semantic false for a missing or malformed value (400), true for a well-formed but
     *                 unacceptable one such as an unknown SKU or reversed dates (422)
     */
    public record Problem(String reason, boolean semantic) {}

    /** Either a line or the problems (never both). */
    public record Result(Line line, List<Problem> problems) {

        public boolean valid() {
            return line != null;
        }

        public String reasons() {
            return String.join("; ", problems.stream().map(Problem::reason).toList());
        }
    }

    public Result validate(PurchaseRecord r) {
        List<Problem> problems = new ArrayList<>();
        if (r == null) {
            return new Result(null, List.of(new Problem("the record is empty", false)));
        }
        required(problems, "tenantId", r.tenantId());
        required(problems, "entitlementId", r.entitlementId());
        required(problems, "externalId", r.externalId());
        required(problems, "sku", r.sku());
        SkuInfo sku = null;
        if (r.sku() != null && !r.sku().isBlank()) {
            sku = catalog.resolve(r.sku()).orElse(null);
            if (sku == null) {
                problems.add(new Problem("unknown SKU '" + r.sku() + "'", true));
            }
        }
        if (r.quantity() == null) {
            problems.add(new Problem("'quantity' is required", false));
        } else if (r.quantity() <= 0) {
            problems.add(new Problem("'quantity' must be positive, was " + r.quantity(), false));
        }
        if (r.almSoEntQuantity() != null && r.almSoEntQuantity() < 0) {
            problems.add(new Problem("'almSoEntQuantity' cannot be negative", false));
        }
        Instant from = date(problems, "effectiveDate", r.effectiveDate(), Dates.Boundary.START_OF_DAY);
        Instant to = date(problems, "expirationDate", r.expirationDate(), Dates.Boundary.END_OF_DAY);
        if (from != null && to != null && !to.isAfter(from)) {
            problems.add(new Problem("'expirationDate' " + to + " is not after 'effectiveDate' " + from, true));
        }
        if (!problems.isEmpty()) {
            return new Result(null, List.copyOf(problems));
        }
        boolean alm = Boolean.TRUE.equals(r.alm());
        EntitlementData data = new EntitlementData(
                r.tenantId().trim(),
                r.entitlementId().trim(),
                r.externalId().trim(),
                r.sku().trim(),
                sku.licenseType(),
                sku.deviceType(),
                sku.deviceSubType(),
                sku.trial(),
                sku.r1Sku(),
                sku.mspPool(),
                r.quantity(),
                from,
                to,
                blankToNull(r.skuTier()),
                Boolean.TRUE.equals(r.courtesy()),
                alm,
                // spec R7: ALM fields mean something only for ALM entitlements
                alm ? blankToNull(r.almActivationId()) : null,
                alm ? r.almSoEntQuantity() : null);
        return new Result(new Line(data, Boolean.TRUE.equals(r.cancelled())), List.of());
    }

    private static void required(List<Problem> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(new Problem("'" + field + "' is required", false));
        }
    }

    private static Instant date(List<Problem> problems, String field, String value, Dates.Boundary boundary) {
        if (value == null || value.isBlank()) {
            problems.add(new Problem("'" + field + "' is required", false));
            return null;
        }
        try {
            return Dates.parseInstant(field, value, boundary);
        } catch (ApiException e) {
            problems.add(new Problem(e.errors().get(0).reason(), false));
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
