package dev.entitlements.assignment.timelines.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The capacity timeline of one license type and trial flag (docs/decisions.md, Capacity timeline):
 * what the pools hold against what is assigned out of them, as a step function over instants.
 * Every interval is inclusive at both ends, as in the capacity rule; the next one starts 1 ns later.
 */
@Schema(description = "Capacity against commitments over time, for one license type and trial flag")
public record CapacityTimeline(
        @Schema(examples = "APSW") String licenseType,
        @JsonProperty("isTrial") boolean isTrial,

        @Schema(description = "start of the timeline (filters.from, else now)")
        Instant from,

        @Schema(nullable = true, description = "end of the timeline (filters.to); null: open")
        Instant to,

        @Schema(description = "consecutive spans of constant capacity and commitment, covering from..to")
        List<Segment> segments,

        @Schema(description = "where the capacity drops, in time order")
        List<Cliff> cliffs,

        @Schema(nullable = true, description = "pool capacity left once every assignment has ended; null: none")
        IdleTail idleTail,

        @Schema(description = "assigned licenses ending in each calendar quarter (UTC), by receiving tenant")
        List<RenewalQuarter> renewals) {

    /**
     * From {@code start} to {@code end}, both inclusive, the pools hold {@code capacity} and the
     * assignments {@code committed}.
     */
    @Schema(name = "CapacitySegment")
    public record Segment(
            Instant start,

            @Schema(
                    nullable = true,
                    description = "the last instant of the segment; null: open (after everything ended)")
            Instant end,

            @Schema(description = "licenses of the pools valid throughout", examples = "100")
            long capacity,

            @Schema(description = "licenses assigned (self and customers) throughout", examples = "60")
            long committed,

            @Schema(
                    description = "capacity - committed; negative when the pools shrank under their assignments",
                    examples = "40")
            long headroom) {}

    /** The capacity drops just after {@code date}, the last instant the lost licenses count. */
    @Schema(name = "CapacityCliff")
    public record Cliff(
            @Schema(
                    description =
                            "the last instant the lost licenses count (a pool's end: 23:59:59.999 of its expiry day)")
            Instant date,

            @Schema(examples = "50") long quantityLost,

            @Schema(description = "capacity from just after date", examples = "50")
            long capacityAfter,

            @Schema(
                    description = "SKUs of the pools ending at date (a pool copied before SKUs were kept has none)",
                    examples = "[\"APSW-MSP100-001\"]")
            List<String> skus,

            @Schema(
                    description = "external ids of the order lines (pools) ending at date; for a customer, "
                            + "assignment:<id> of its licenses ending there",
                    examples = "[\"ORD-1001-1\"]")
            List<String> externalIds) {}

    /** Capacity no assignment uses any more: from when, how much, until when. */
    // no class-level @Schema: with one, the nullable idleTail property keeps "type": "object" and refuses null
    public record IdleTail(
            @Schema(description = "the first instant, after every assignment has ended, at which pools hold licenses")
            Instant from,

            @Schema(description = "licenses the pools hold at from", examples = "40")
            long quantity,

            @Schema(description = "the last instant pools hold licenses (to, when they still do then)")
            Instant until) {}

    /** Assigned licenses whose assignment ends in one calendar quarter. */
    @Schema(name = "RenewalQuarter")
    public record RenewalQuarter(
            @Schema(examples = "2027-Q2") String quarter,
            @Schema(examples = "2027-04-01") LocalDate start,
            @Schema(examples = "2027-06-30") LocalDate end,
            @Schema(examples = "60") long quantity,
            List<TenantRenewal> tenants) {}

    /** What one receiving tenant's assignments ending in the quarter hold. */
    @Schema(name = "TenantRenewal")
    public record TenantRenewal(
            @Schema(examples = "ec-alpha") String tenantId,

            @Schema(description = "the MSP's own account") @JsonProperty("isSelfAssignment")
            boolean isSelfAssignment,

            @Schema(examples = "40") long quantity) {}
}
