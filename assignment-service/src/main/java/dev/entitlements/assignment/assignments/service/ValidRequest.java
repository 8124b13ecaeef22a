package dev.entitlements.assignment.assignments.service;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.time.Dates;
import dev.entitlements.common.time.StartRule;
import dev.entitlements.contract.Vocabulary;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.contract.events.AssignmentData;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What a create or an update asks for, by the rules every new window obeys (docs/decisions.md,
 * Assignments): 400 for missing or malformed values, 422 for values the rules refuse.
 */
record ValidRequest(String licenseType, boolean trial, int quantity, Instant from, Instant to) {

    /** A create's request (spec E11). */
    static ValidRequest of(CreateAssignmentRequest r, Instant now) {
        if (r == null) {
            throw new ApiException(
                    ErrorCode.MISSING_VALUE,
                    "a body with effectiveDate, expirationDate, quantity and licenseType is required");
        }
        require("effectiveDate", r.effectiveDate());
        require("expirationDate", r.expirationDate());
        require("quantity", r.quantity());
        require("licenseType", r.licenseType());
        Vocabulary.LicenseTypeName name = Vocabulary.licenseTypeName(r.licenseType());
        if (name == null) {
            throw new ApiException(
                    ErrorCode.INVALID_VALUE,
                    "'licenseType' cannot be " + r.licenseType(),
                    "expected any of " + Vocabulary.LICENSE_TYPES + ", or its MSP_ name, with _TEMP for a trial");
        }
        Instant from = StartRule.start("effectiveDate", r.effectiveDate(), now);
        Instant to = Dates.parseInstant("expirationDate", r.expirationDate(), Dates.Boundary.END_OF_DAY);
        return check(name.licenseType(), name.trial() || Boolean.TRUE.equals(r.trial()), r.quantity(), from, to, now);
    }

    /** The end an update asks for (spec E14), read before its assignment is. */
    static Instant requestedEnd(UpdateAssignmentRequest request) {
        if (request == null) {
            throw new ApiException(ErrorCode.MISSING_VALUE, "a body with quantity and expirationDate is required");
        }
        require("quantity", request.quantity());
        require("expirationDate", request.expirationDate());
        return Dates.parseInstant("expirationDate", request.expirationDate(), Dates.Boundary.END_OF_DAY);
    }

    /** An update's replacement of {@code old}, ending at {@code to}: it starts at the old start if that is still ahead, else now. */
    static ValidRequest replacing(AssignmentData old, long quantity, Instant to, Instant now) {
        return check(old.licenseType(), old.trial(), quantity, StartRule.resume(old.effectiveDate(), now), to, now);
    }

    /** The assignment this request makes, with the id reserved for it. */
    AssignmentData assignment(long id, String provider, String tenant, String createdBy, Instant at) {
        Instant now = at.truncatedTo(ChronoUnit.MICROS); // as stored: the event and the row say the same
        return new AssignmentData(
                id, provider, tenant, licenseType, trial, quantity, from, to, createdBy, now, null, null);
    }

    private static ValidRequest check(
            String licenseType, boolean trial, long quantity, Instant from, Instant to, Instant now) {
        if (quantity < 1 || quantity > Integer.MAX_VALUE) {
            throw new ApiException(
                    ErrorCode.UNPROCESSABLE, "'quantity' must be 1 to " + Integer.MAX_VALUE + ", was " + quantity);
        }
        if (!from.isBefore(to)) {
            throw new ApiException(
                    ErrorCode.UNPROCESSABLE, "'effectiveDate' " + from + " must be before 'expirationDate' " + to);
        }
        if (!to.isAfter(now)) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "'expirationDate' " + to + " is not in the future");
        }
        // the precision the API takes (docs/decisions.md, Dates) and the database keeps: the capacity steps
        // written now and subtracted at a revoke must fall on the same instants
        return new ValidRequest(
                licenseType,
                trial,
                (int) quantity,
                from.truncatedTo(ChronoUnit.MILLIS),
                to.truncatedTo(ChronoUnit.MILLIS));
    }

    private static void require(String field, Object value) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new ApiException(ErrorCode.MISSING_VALUE, "'" + field + "' is required");
        }
    }
}
