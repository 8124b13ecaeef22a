package dev.entitlements.assignment.assignments.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /tenants/self/entitlements/assignments} ({@code Entitlements_CreateAssignmentReq}, spec E11). */
@Schema(description = "A new assignment of licenses from the caller's pools")
public record CreateAssignmentRequest(
        @Schema(
                required = true,
                description = "Start; ISO-8601, 'yyyy-MM-dd HH:mm:ssZ' or a bare date (start of day)",
                examples = "2026-12-01 00:00:00Z")
        String effectiveDate,

        @Schema(required = true, description = "End; a bare date means 23:59:59 of that day", examples = "2027-11-30")
        String expirationDate,

        @Schema(required = true, minimum = "1", maximum = "2147483647", examples = "5")
        Long quantity,

        @Schema(required = true, examples = "APSW") String licenseType,

        @Schema(description = "Draw on trial pools (default false)", defaultValue = "false")
        Boolean trial) {}
