package dev.entitlements.assignment.assignments.service;

import static dev.entitlements.common.query.QueryDefinition.FilterType.BOOLEAN;
import static dev.entitlements.common.query.QueryDefinition.FilterType.ENUMS;
import static dev.entitlements.common.query.QueryDefinition.FilterType.STRINGS;
import static dev.entitlements.common.query.QueryField.Sort.DEFAULT;
import static dev.entitlements.common.query.QueryField.Sort.SORTABLE;
import static dev.entitlements.common.query.QueryField.Values.ASSIGNMENT_STATUSES;
import static dev.entitlements.common.query.QueryField.Values.LICENSE_TYPES;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.entitlements.common.query.QueryField;
import dev.entitlements.common.query.QueryFields;
import dev.entitlements.common.time.Lifecycle;
import dev.entitlements.contract.events.AssignmentData;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An assignment as the API shows it (spec §2.1). */
@Schema(description = "An assignment of licenses")
public record AssignmentView(
        @QueryField(column = "id") @Schema(examples = "1234")
        long id,

        @QueryField(column = "effective_date", sort = SORTABLE)
        Instant effectiveDate,

        @QueryField(column = "expiration_date", sort = DEFAULT)
        Instant expirationDate,

        @QueryField(column = "quantity") @Schema(examples = "5")
        int quantity,

        @QueryField(column = "license_type", filter = ENUMS, values = LICENSE_TYPES) @Schema(examples = "APSW")
        String licenseType,

        @QueryField(column = "status", filter = ENUMS, values = ASSIGNMENT_STATUSES)
        @Schema(enumeration = {"FUTURE", "VALID", "EXPIRED", "REVOKED"})
        String status,

        @QueryField(column = "created_date") Instant createdDate,

        @QueryField(column = "revoked_date") @Schema(nullable = true, description = "null unless REVOKED")
        Instant revokedDate,

        @QueryField(column = "created_by", filter = STRINGS) @Schema(examples = "admin@msp-demo")
        String createdBy,

        @QueryField(column = "revoked_by") @Schema(nullable = true, description = "null unless REVOKED")
        String revokedBy,

        @QueryField(column = "trial", filter = BOOLEAN) @JsonProperty("isTrial")
        boolean isTrial,

        @QueryField(column = "self_assignment") @JsonProperty("isSelfAssignment")
        boolean isSelfAssignment,

        @QueryField(column = "trial")
        @Schema(description = "the same as isTrial, under the older name the UI still reads")
        boolean trialAssignment,

        @QueryField(column = "tenant_id")
        @Schema(
                description =
                        "the tenant that received the licenses (the MSP itself for a self assignment), under the older name the UI still reads",
                examples = "ec-alpha")
        String mspEcTenantId) {

    /** The vocabulary of the assignment queries (spec E10, E12, §2.1): these components. */
    public static final QueryFields<AssignmentView> QUERY = QueryFields.of("assignment", AssignmentView.class);

    /** An assignment as written (its status as of {@code now}), its times to the millisecond as a query reads them. */
    public static AssignmentView of(AssignmentData a, Instant now) {
        String status = Lifecycle.status(a.revokedDate(), a.effectiveDate(), a.expirationDate(), now)
                .name();
        Instant revoked =
                a.revokedDate() == null ? null : a.revokedDate().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        return new AssignmentView(
                a.assignmentId(),
                a.effectiveDate(),
                a.expirationDate(),
                a.quantity(),
                a.licenseType(),
                status,
                a.createdDate().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                revoked,
                a.createdBy(),
                a.revokedBy(),
                a.trial(),
                a.providerTenantId().equals(a.tenantId()),
                a.trial(),
                a.tenantId());
    }

    /** The create/update answer ({@code EntitlementAssignmentResp}, spec E11). */
    @Schema(name = "EntitlementAssignmentResp")
    public record Response(
            @Schema(examples = "success") String status,

            @Schema(examples = "Object created/updated successfully.")
            String message,

            AssignmentView data) {

        public static Response of(AssignmentView data) {
            return new Response("success", "Object created/updated successfully.", data);
        }
    }
}
