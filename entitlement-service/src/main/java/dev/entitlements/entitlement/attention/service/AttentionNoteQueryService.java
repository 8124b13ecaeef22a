package dev.entitlements.entitlement.attention.service;

import dev.entitlements.common.query.QueryDefinition;
import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.query.QueryResponse;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.common.security.Caller;
import dev.entitlements.entitlement.attention.repository.AttentionNoteRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

@ApplicationScoped
public class AttentionNoteQueryService {

    /** The vocabulary of {@code POST /entitlements/attentionNotes/query} (spec E7, §2.9, docs/decisions.md Reports). */
    public static final QueryDefinition QUERY = AttentionNote.QUERY.definition();

    private final AttentionNoteRepository repository;
    private final Clock clock;

    public AttentionNoteQueryService(AttentionNoteRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** A page of the tenant's notes; a tenant without any gets an empty page (no account needed to be told nothing). */
    public Uni<QueryResponse<AttentionNote>> query(Caller caller, QueryRequest request, String excludeContent) {
        ValidatedQuery q = QUERY.validate(request, excludeContent);
        return repository
                .page(AttentionNote.QUERY, caller.tenantId(), q, clock.instant())
                .map(page -> QUERY.respond(q, page));
    }
}
