package dev.entitlements.contract.events;

import java.time.Instant;

/**
 * A notice for a tenant's administrators ({@code attention.raised.v1}): sync failed, pool
 * exhausted, compliance gap, licenses expiring...
 *
 * @param noteId     stable id: raising the same notice again updates it instead of adding one
 * @param type       {@code SYNC_FAILED}, {@code POOL_EXHAUSTED}, {@code COMPLIANCE_GAP}, {@code STOP_COURTESY}, {@code LICENSE_EXPIRING}
 * @param tenantType {@code MSP} or {@code ALL}
 * @param endDate    when the notice stops being relevant, or null
 */
public record AttentionRaised(
        String noteId,
        String tenantId,
        String type,
        String tenantType,
        String licenseType,
        String summary,
        String details,
        Instant startDate,
        Instant endDate) {}
