package dev.entitlements.reporting.utilization.service;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /entitlements/utilizations/query} (spec §2.4): SELF items first, then an MSP's ASSIGNED (pool) items. */
@Schema(description = "Utilization per license type and trial flag")
public record UtilizationResponse(List<Utilization> data) {}
