package dev.entitlements.entitlement.audit.service;

import dev.entitlements.common.query.QueryDefinition;
import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.query.QueryResponse;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.common.security.Caller;
import dev.entitlements.entitlement.audit.repository.AuditEventRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class AuditEventQueryService {

    /** The vocabulary of {@code GET /audit/events} (ADR 0015, docs/decisions.md Audit trail). */
    public static final QueryDefinition QUERY = AuditEvent.QUERY.definition();

    private final AuditEventRepository repository;

    public AuditEventQueryService(AuditEventRepository repository) {
        this.repository = repository;
    }

    /**
     * A page of the trail of the tenant the caller acts for (its own, or a managed customer's), newest
     * first; a tenant with no entries gets an empty page.
     */
    public Uni<QueryResponse<AuditEvent>> query(Caller caller, QueryRequest request) {
        ValidatedQuery q = QUERY.validate(request);
        return repository.page(AuditEvent.QUERY, caller.tenantId(), q).map(page -> QUERY.respond(q, page));
    }
}
