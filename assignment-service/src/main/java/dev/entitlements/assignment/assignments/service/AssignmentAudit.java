package dev.entitlements.assignment.assignments.service;

import dev.entitlements.common.audit.Audit;
import dev.entitlements.common.security.Caller;
import dev.entitlements.contract.events.AssignmentData;
import dev.entitlements.contract.events.AuditRecorded;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** The audit trail's entries of assignment writes; {@link AssignmentWrites} records each with its write. */
@ApplicationScoped
public class AssignmentAudit {

    private final Audit audit;

    public AssignmentAudit(Audit audit) {
        this.audit = audit;
    }

    AuditRecorded created(Caller caller, AssignmentData created) {
        return audit.entry(
                caller, "assignment.created", "assignment", String.valueOf(created.assignmentId()), facts(created));
    }

    /** An update (spec E14), under the id of the assignment it replaced, with the facts of the replacement. */
    AuditRecorded updated(Caller caller, long replacedId, AssignmentData replacement) {
        Map<String, Object> facts = facts(replacement);
        facts.put("newAssignmentId", replacement.assignmentId());
        return audit.entry(caller, "assignment.updated", "assignment", String.valueOf(replacedId), facts);
    }

    AuditRecorded revoked(Caller caller, AssignmentData revoked) {
        return audit.entry(
                caller, "assignment.revoked", "assignment", String.valueOf(revoked.assignmentId()), facts(revoked));
    }

    /** What the audit trail tells of an assignment. */
    private static Map<String, Object> facts(AssignmentData a) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("recipientTenantId", a.tenantId());
        facts.put("licenseType", a.licenseType());
        facts.put("trial", a.trial());
        facts.put("quantity", a.quantity());
        facts.put("effectiveDate", a.effectiveDate());
        facts.put("expirationDate", a.expirationDate());
        return facts;
    }
}
