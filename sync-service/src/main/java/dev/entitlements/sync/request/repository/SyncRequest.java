package dev.entitlements.sync.request.repository;

import java.time.Instant;
import java.util.UUID;

/**
 * A refresh of one tenant's purchases from the licensing system, as its {@code sync_request} row.
 *
 * @param state QUEUED, RUNNING, SUCCEEDED or FAILED
 */
public record SyncRequest(
        UUID id,
        String tenantId,
        String refreshType,
        String state,
        String requestedBy,
        Instant createdAt,
        Instant updatedAt,
        int purchased,
        int changed,
        int cancelled,
        String failureReason) {}
