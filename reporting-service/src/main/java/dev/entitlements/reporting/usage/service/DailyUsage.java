package dev.entitlements.reporting.usage.service;

import java.time.LocalDate;

/** A day of a usage report. */
public record DailyUsage(LocalDate date, long usedQuantity, long deviceCount) {
}
