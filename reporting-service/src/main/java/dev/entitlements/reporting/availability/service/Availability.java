package dev.entitlements.reporting.availability.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The calculator's answer for one license type (spec §2.7): {@code quantity} is the answer of
 * MAX_QUANTITY (the most licenses free over the whole window), {@code expirationDate} the answer of
 * MAX_PERIOD (the last day the quantity stays free, null when it is not free even at the start).
 */
public record Availability(
        @Schema(examples = "2026-12-05") LocalDate effectiveDate,

        @Schema(
                nullable = true,
                description = "MAX_PERIOD: null when the quantity is not free even at the start",
                examples = "2027-01-04")
        LocalDate expirationDate,

        @Schema(examples = "50") long quantity,
        @Schema(examples = "APSW") String licenseType,
        @JsonProperty("isTrial") boolean isTrial,

        @Schema(
                description = "the most licenses free over the window (MAX_QUANTITY) or at its start (MAX_PERIOD)",
                examples = "50")
        long maxQuantity) {}
