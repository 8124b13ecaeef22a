package dev.entitlements.sync.request.service;

import java.time.Instant;

/** What {@code GET /entitlements/syncRequests/{requestId}} answers. */
public record SyncRequestStatus(
        String requestId,
        String refreshType,
        String state,
        Instant createdDate,
        Instant updatedDate,
        Changes changes,
        String failureReason) {

    /** How many entitlements the refresh added, changed and cancelled. */
    public record Changes(int purchased, int changed, int cancelled) {
    }
}
