package dev.entitlements.reporting.mileage.service;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /entitlements/mileageReports/query} ({@code Entitlements_MileageResponseDto}, spec §2.6). */
@Schema(description = "A page of months")
public record MileageResponse(
        @Schema(examples = "success") String status,

        @Schema(examples = "one entry per month, newest first")
        String message,

        @Schema(examples = "1") int page,
        @Schema(examples = "24") int pageSize,

        @Schema(description = "months from the tenant's first license month to the current one", examples = "14")
        long totalCount,

        List<Mileage> data) {}
