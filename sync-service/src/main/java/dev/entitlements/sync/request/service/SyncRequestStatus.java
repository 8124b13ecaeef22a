package dev.entitlements.sync.request.service;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What {@code GET /entitlements/syncRequests/{requestId}} answers. */
public record SyncRequestStatus(
        @Schema(examples = "3f2d8a9c-5b1e-4f7a-9c0d-2e6b7a8c9d10")
        String requestId,

        @Schema(examples = "FULL") String refreshType,

        @Schema(enumeration = {"QUEUED", "RUNNING", "SUCCEEDED", "FAILED"})
        String state,

        Instant createdDate,
        Instant updatedDate,
        Changes changes,

        @Schema(nullable = true, description = "why a FAILED refresh failed; null otherwise")
        String failureReason) {

    /** How many entitlements the refresh added, changed and cancelled. */
    public record Changes(int purchased, int changed, int cancelled) {}
}
