package dev.entitlements.assignment.assignments.service;

import dev.entitlements.assignment.assignments.repository.AssignmentRepository;
import dev.entitlements.common.query.QueryDefinition;
import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.query.QueryResponse;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.common.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

@ApplicationScoped
public class AssignmentQueryService {

    /** The vocabulary of the assignment queries (spec E10/E12, §2.1): only two sort fields, as documented. */
    public static final QueryDefinition QUERY = AssignmentView.QUERY.definition();

    private final AssignmentRepository repository;
    private final Clock clock;

    public AssignmentQueryService(AssignmentRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * What the caller, an MSP, assigned to {@code tenant}: its own account (self assignments, spec
     * E12) or a customer it manages (E10; the caller has checked that).
     */
    public Uni<QueryResponse<AssignmentView>> query(Caller caller, String tenant, QueryRequest request) {
        ValidatedQuery q = QUERY.validate(request);
        return repository
                .page(AssignmentView.QUERY, caller.tenantId(), tenant, q, clock.instant())
                .map(page -> QUERY.respond(q, page));
    }
}
