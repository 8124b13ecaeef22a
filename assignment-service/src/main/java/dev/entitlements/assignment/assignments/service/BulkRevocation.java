package dev.entitlements.assignment.assignments.service;

import dev.entitlements.assignment.assignments.repository.AssignmentWriter;
import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.outbox.Outbox;
import dev.entitlements.common.security.Caller;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.contract.events.AssignmentData;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The deprecated bulk revoke ({@code DELETE /assignments}, spec D7; docs/decisions.md, Deprecated
 * endpoints): every listed assignment in one transaction, all or none. Each one goes through the
 * revoke of E13 ({@link AssignmentCommandService#revokeIn}), so the rows, events and audit entries
 * are those of single revokes; an unknown id (another MSP's included) is a 404 naming it, a revoked
 * or expired one a 409, and either leaves every listed assignment as it was.
 */
@ApplicationScoped
public class BulkRevocation {

    /** Ids in one call: one transaction holds every bucket lock it needs until it ends. */
    public static final int MAX_IDS = 1000;

    private final Pool pool;
    private final AssignmentWriter writer;
    private final AssignmentCommandService commands;
    private final Outbox outbox;
    private final Clock clock;

    public BulkRevocation(
            Pool pool, AssignmentWriter writer, AssignmentCommandService commands, Outbox outbox, Clock clock) {
        this.pool = pool;
        this.writer = writer;
        this.commands = commands;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * @param msp       the MSP (the token's tenant): only its assignments can be revoked
     * @param recipient only assignments to this tenant (an MSP acting for a customer), or null for
     *                  any of the MSP's (to itself and to its customers)
     * @param ids       the assignments, in the order the answer lists them; a repeated id counts once
     * @return the assignments as revoked
     */
    public Uni<List<AssignmentView>> revokeAll(Caller msp, String recipient, List<Long> ids) {
        AssignmentCommandService.requireMsp(msp);
        if (ids.size() > MAX_IDS) {
            throw new ApiException(
                    ErrorCode.INVALID_VALUE,
                    "at most " + MAX_IDS + " assignments can be revoked in one call, " + ids.size() + " were listed",
                    "send them in several calls");
        }
        List<Long> listed = ids.stream().distinct().toList();
        if (listed.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Instant now = clock.instant();
        return pool.withTransaction(tx -> writer.findAll(tx, listed, msp.tenantId(), recipient)
                        .chain(found -> {
                            List<Long> unknown = listed.stream()
                                    .filter(id -> !found.containsKey(id))
                                    .toList();
                            if (!unknown.isEmpty()) {
                                // every unknown id at once: the client fixes its list in one go
                                throw ApiException.notFound((unknown.size() == 1 ? "assignment " : "assignments ")
                                        + unknown.stream().map(String::valueOf).collect(Collectors.joining(", ")));
                            }
                            // bucket locks in one order (license type, trial), so two bulk revokes cannot deadlock;
                            // a single revoke or update takes one bucket and then its row, which fits this order
                            List<AssignmentData> ordered = found.values().stream()
                                    .sorted(Comparator.comparing(AssignmentData::licenseType)
                                            .thenComparing(AssignmentData::trial)
                                            .thenComparing(AssignmentData::assignmentId))
                                    .toList();
                            return Multi.createFrom()
                                    .iterable(ordered)
                                    .onItem()
                                    .transformToUniAndConcatenate(
                                            a -> commands.revokeIn(tx, msp, a.tenantId(), a.assignmentId(), now))
                                    .collect()
                                    .asMap(AssignmentData::assignmentId);
                        }))
                .invoke(outbox::committed)
                .map(revoked -> inOrder(listed, revoked, now));
    }

    private static List<AssignmentView> inOrder(List<Long> listed, Map<Long, AssignmentData> revoked, Instant now) {
        return listed.stream()
                .map(id -> AssignmentView.of(revoked.get(id), now))
                .toList();
    }
}
