package dev.entitlements.assignment.assignments.service;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import dev.entitlements.assignment.assignments.repository.AssignmentRepository;
import dev.entitlements.common.query.QueryDefinition;
import dev.entitlements.common.query.QueryDefinition.FilterType;
import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.query.QueryResponse;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.common.security.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AssignmentQueryService {

    /** The vocabulary of the assignment queries (spec E10/E12, §2.1). */
    public static final QueryDefinition QUERY = QueryDefinition.builder("assignment")
            .fields("id", "effectiveDate", "expirationDate", "quantity", "licenseType", "status", "createdDate",
                    "revokedDate", "createdBy", "revokedBy", "isTrial", "isSelfAssignment")
            .sortFields("expirationDate", "effectiveDate")
            .filter("licenseType", FilterType.ENUMS)
            .filter("status", FilterType.ENUMS)
            .filter("createdBy", FilterType.STRINGS)
            .filter("isTrial", FilterType.BOOLEAN)
            .build();

    private final AssignmentRepository repository;
    private final Clock clock;

    public AssignmentQueryService(AssignmentRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** The caller's own (self) assignments. */
    @WithSession
    public Uni<QueryResponse> self(Caller caller, QueryRequest request) {
        ValidatedQuery q = QUERY.validate(request);
        return repository.page(caller.tenantId(), q, clock.instant())
                .map(page -> QUERY.respond(q, page.totalCount(), page.items()));
    }
}
