package dev.entitlements.reporting.licenses.service;

import dev.entitlements.contract.CloudEvent;
import dev.entitlements.contract.EventType;
import dev.entitlements.contract.events.AssignmentData;
import dev.entitlements.contract.events.EntitlementChanged;
import dev.entitlements.contract.events.EntitlementData;
import dev.entitlements.reporting.licenses.repository.LicenseTimelineRepository;
import dev.entitlements.reporting.licenses.repository.LicenseTimelineRepository.EntitlementKey;
import dev.entitlements.reporting.licenses.service.LicenseTimeline.AssignmentState;
import dev.entitlements.reporting.licenses.service.LicenseTimeline.EntitlementState;
import dev.entitlements.reporting.licenses.service.LicenseTimeline.Step;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a batch of {@code entitlement.events} and {@code assignment.events} to the time lines in
 * the caller's (inbox) transaction: the current states of the sources the batch names are read in
 * one statement per table, every event is applied to them in order in memory (an event older than
 * the state it finds changes nothing: the newest event wins), and the changed states and the summed
 * step changes are written in one statement each.
 */
@ApplicationScoped
public class LicenseProjection {

    private final LicenseTimelineRepository repository;

    public LicenseProjection(LicenseTimelineRepository repository) {
        this.repository = repository;
    }

    /** The event types this projection applies. */
    public static boolean applies(EventType type) {
        return type.topic().equals(EventType.ENTITLEMENT_PURCHASED.topic())
                || type.topic().equals(EventType.ASSIGNMENT_CREATED.topic());
    }

    public Uni<Void> apply(SqlConnection tx, List<Applicable> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<EntitlementKey> lineKeys = new LinkedHashSet<>();
        Set<Long> assignmentIds = new LinkedHashSet<>();
        for (Applicable e : events) {
            if (e.entitlement() != null) {
                lineKeys.add(new EntitlementKey(
                        e.entitlement().tenantId(), e.entitlement().externalId()));
            } else {
                assignmentIds.add(e.assignment().assignmentId());
            }
        }
        Uni<Map<EntitlementKey, EntitlementState>> lines =
                lineKeys.isEmpty() ? Uni.createFrom().item(new HashMap<>()) : repository.entitlements(tx, lineKeys);
        Uni<Map<Long, AssignmentState>> assignments = assignmentIds.isEmpty()
                ? Uni.createFrom().item(new HashMap<>())
                : repository.assignments(tx, assignmentIds);
        return Uni.combine().all().unis(lines, assignments).asTuple().chain(current -> {
            Changes changes = applyInMemory(events, current.getItem1(), current.getItem2());
            return Uni.combine()
                    .all()
                    .unis(
                            repository.saveEntitlements(tx, changes.lines().values()),
                            repository.saveAssignments(tx, changes.assignments().values()),
                            repository.addSteps(tx, changes.deltas()))
                    .discardItems();
        });
    }

    /** What a batch changes: the sources' new states and the summed step deltas. */
    public record Changes(
            Map<EntitlementKey, EntitlementState> lines,
            Map<Long, AssignmentState> assignments,
            Map<Step, Long> deltas) {}

    /**
     * Applies the events in order to the current states (updated in place): an event older than the
     * state it finds changes nothing; otherwise the old state's steps are taken away and the new
     * one's added. The database part of {@link #apply} is reading {@code lineStates} and
     * {@code assignmentStates} before and writing the result after.
     */
    public static Changes applyInMemory(
            List<Applicable> events,
            Map<EntitlementKey, EntitlementState> lineStates,
            Map<Long, AssignmentState> assignmentStates) {
        Map<EntitlementKey, EntitlementState> changedLines = new HashMap<>();
        Map<Long, AssignmentState> changedAssignments = new HashMap<>();
        Map<Step, Long> deltas = new HashMap<>();
        for (Applicable e : events) {
            if (e.entitlement() != null) {
                EntitlementKey key = new EntitlementKey(
                        e.entitlement().tenantId(), e.entitlement().externalId());
                EntitlementState old = lineStates.get(key);
                if (old != null && e.entitlement().eventTime().isBefore(old.eventTime())) {
                    continue;
                }
                if (old != null) {
                    LicenseTimeline.add(deltas, old, -1);
                }
                LicenseTimeline.add(deltas, e.entitlement(), +1);
                lineStates.put(key, e.entitlement());
                changedLines.put(key, e.entitlement());
            } else {
                AssignmentState old = assignmentStates.get(e.assignment().assignmentId());
                if (old != null && e.assignment().eventTime().isBefore(old.eventTime())) {
                    continue;
                }
                if (old != null) {
                    LicenseTimeline.add(deltas, old, -1);
                }
                LicenseTimeline.add(deltas, e.assignment(), +1);
                assignmentStates.put(e.assignment().assignmentId(), e.assignment());
                changedAssignments.put(e.assignment().assignmentId(), e.assignment());
            }
        }
        return new Changes(changedLines, changedAssignments, deltas);
    }

    /** An event read and checked, ready to apply: exactly one of the two states is set. */
    public record Applicable(EntitlementState entitlement, AssignmentState assignment) {}

    /**
     * Reads an event of this projection into the state it announces.
     *
     * @throws IllegalArgumentException when the payload cannot be applied (the caller dead-letters it)
     */
    public static Applicable read(CloudEvent event, EventType type) {
        Instant at = event.time();
        return switch (type) {
            case ENTITLEMENT_PURCHASED -> new Applicable(line(event.payload(EntitlementData.class), null, at), null);
            case ENTITLEMENT_CHANGED ->
                new Applicable(line(event.payload(EntitlementChanged.class).entitlement(), null, at), null);
            case ENTITLEMENT_CANCELLED -> new Applicable(line(event.payload(EntitlementData.class), at, at), null);
            case ASSIGNMENT_CREATED, ASSIGNMENT_REVOKED ->
                new Applicable(null, assignment(event.payload(AssignmentData.class), at));
            default -> throw new IllegalArgumentException("not an entitlement or assignment event: " + type.type());
        };
    }

    private static EntitlementState line(EntitlementData e, Instant cancelledAt, Instant at) {
        require(e != null, "no entitlement in the event");
        require(
                e.tenantId() != null && e.externalId() != null && e.licenseType() != null,
                "tenantId, externalId and licenseType are required");
        require(
                e.effectiveDate() != null && e.expirationDate() != null,
                "effectiveDate and expirationDate are required");
        require(e.quantity() > 0, "quantity must be positive, was " + e.quantity());
        require(e.expirationDate().isAfter(e.effectiveDate()), "expirationDate is not after effectiveDate");
        return new EntitlementState(
                e.tenantId(),
                e.externalId(),
                e.licenseType(),
                e.trial(),
                e.mspPool(),
                e.courtesy(),
                e.quantity(),
                e.effectiveDate(),
                e.expirationDate(),
                cancelledAt,
                at);
    }

    private static AssignmentState assignment(AssignmentData a, Instant at) {
        require(a != null, "no assignment in the event");
        require(
                a.providerTenantId() != null && a.tenantId() != null && a.licenseType() != null,
                "providerTenantId, tenantId and licenseType are required");
        require(
                a.effectiveDate() != null && a.expirationDate() != null,
                "effectiveDate and expirationDate are required");
        require(a.quantity() > 0, "quantity must be positive, was " + a.quantity());
        require(a.expirationDate().isAfter(a.effectiveDate()), "expirationDate is not after effectiveDate");
        return new AssignmentState(
                a.assignmentId(),
                a.providerTenantId(),
                a.tenantId(),
                a.licenseType(),
                a.trial(),
                a.quantity(),
                a.effectiveDate(),
                a.expirationDate(),
                a.revokedDate(),
                at);
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(problem);
        }
    }
}
