package dev.entitlements.assignment.assignments.service;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
        Instant revokedDate,
        String createdBy,
        String revokedBy,
        boolean isTrial,
        boolean isSelfAssignment) {

    /** The create/update answer ({@code EntitlementAssignmentResp}, spec E11). */
    public record Response(@Schema(examples = "success") String status,
            @Schema(examples = "Object created/updated successfully.") String message, AssignmentView data) {

        public static Response of(AssignmentView data) {
            return new Response("success", "Object created/updated successfully.", data);
        }
    }
}
