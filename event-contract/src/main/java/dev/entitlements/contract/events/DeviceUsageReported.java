package dev.entitlements.contract.events;

import java.time.LocalDate;

/**
 * The device inventory's daily snapshot: how many devices of a type a tenant runs and how many
 * licenses of a license type they consume. A later snapshot for the same tenant, license type,
 * device type and date replaces an earlier one.
 */
public record DeviceUsageReported(
        String tenantId, LocalDate date, String licenseType, String deviceType, int deviceCount, int usedQuantity) {}
