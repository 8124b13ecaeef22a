package dev.entitlements.assignment.assignments.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code PATCH /tenants/self/entitlements/assignments/{id}} (spec E14; docs/decisions.md: both values required). */
@Schema(description = "The new quantity and end of an assignment")
public record UpdateAssignmentRequest(
        @Schema(required = true, minimum = "1", maximum = "2147483647", examples = "8")
        Long quantity,

        @Schema(required = true, examples = "2027-06-30") String expirationDate,

        @Schema(description = "Accepted and ignored (clients send it)")
        Boolean valid) {}
