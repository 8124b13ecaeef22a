package dev.entitlements.assignment.assignments.service;

import java.time.Instant;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.entitlements.common.time.Lifecycle;
import dev.entitlements.contract.events.AssignmentData;

/** An assignment as the API shows it (spec §2.1). */
@Schema(description = "An assignment of licenses")
public record AssignmentView(
        @Schema(examples = "1234") long id,
        Instant effectiveDate,
        Instant expirationDate,
        @Schema(examples = "5") int quantity,
        @Schema(examples = "APSW") String licenseType,
        @Schema(enumeration = { "FUTURE", "VALID", "EXPIRED", "REVOKED" }) String status,
        Instant createdDate,
        @Schema(nullable = true, description = "null unless REVOKED") Instant revokedDate,
        @Schema(examples = "admin@msp-demo") String createdBy,
        @Schema(nullable = true, description = "null unless REVOKED") String revokedBy,
        @JsonProperty("isTrial") boolean isTrial,
        @JsonProperty("isSelfAssignment") boolean isSelfAssignment,
        @Schema(description = "the same as isTrial, under the older name the UI still reads") boolean trialAssignment,
        @Schema(description = "the tenant that received the licenses (the MSP itself for a self assignment), under the older name the UI still reads",
                examples = "ec-alpha") String mspEcTenantId) {

    /** From a row of the assignment read model (its field names are these components' names). */
    public static AssignmentView of(Map<String, Object> row) {
        return new AssignmentView((Long) row.get("id"), (Instant) row.get("effectiveDate"), (Instant) row.get("expirationDate"),
                (Integer) row.get("quantity"), (String) row.get("licenseType"), (String) row.get("status"), (Instant) row.get("createdDate"),
                (Instant) row.get("revokedDate"), (String) row.get("createdBy"), (String) row.get("revokedBy"), (Boolean) row.get("isTrial"),
                (Boolean) row.get("isSelfAssignment"), (Boolean) row.get("trialAssignment"), (String) row.get("mspEcTenantId"));
    }

    /** An assignment as written (its status as of {@code now}). */
    public static AssignmentView of(AssignmentData a, Instant now) {
        String status = Lifecycle.status(a.revokedDate(), a.effectiveDate(), a.expirationDate(), now).name();
        return new AssignmentView(a.assignmentId(), a.effectiveDate(), a.expirationDate(), a.quantity(), a.licenseType(), status,
                a.createdDate().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), a.revokedDate(), a.createdBy(), a.revokedBy(), a.trial(),
                a.providerTenantId().equals(a.tenantId()), a.trial(), a.tenantId());
    }

    /** The create/update answer ({@code EntitlementAssignmentResp}, spec E11). */
    @Schema(name = "EntitlementAssignmentResp")
    public record Response(@Schema(examples = "success") String status,
            @Schema(examples = "Object created/updated successfully.") String message, AssignmentView data) {

        public static Response of(AssignmentView data) {
            return new Response("success", "Object created/updated successfully.", data);
        }
    }
}
