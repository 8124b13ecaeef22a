package dev.entitlements.entitlement.attention.service;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import dev.entitlements.common.query.QueryDefinition;
import dev.entitlements.common.query.QueryDefinition.FilterType;
import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.query.QueryResponse;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.common.security.Caller;
import dev.entitlements.contract.Vocabulary;
import dev.entitlements.entitlement.attention.repository.AttentionNoteRepository;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AttentionNoteQueryService {

    /** The vocabulary of {@code POST /entitlements/attentionNotes/query} (spec E7, §2.9, docs/decisions.md Reports). */
    public static final QueryDefinition QUERY = QueryDefinition.builder("attentionNote")
            .fields("id", "type", "tenantType", "status", "licenseType", "licenseCheck", "summary", "details", "startDate", "endDate",
                    "createdDate", "updatedDate")
            // the default (first, descending) is docs/decisions.md's: the notices that end last first
            .sortFields("endDate", "id", "type", "tenantType", "status", "licenseType", "licenseCheck", "summary", "details",
                    "startDate", "createdDate", "updatedDate")
            .descendingByDefault()
            .filter("type", Vocabulary.ATTENTION_TYPES)
            .filter("tenantType", Vocabulary.ATTENTION_TENANT_TYPES)
            .filter("status", Vocabulary.VALIDITY_STATUSES)
            .filter("licenseType", Vocabulary.LICENSE_TYPES)
            .filter("licenseCheck", FilterType.BOOLEAN)
            .build();

    private final AttentionNoteRepository repository;
    private final Clock clock;

    public AttentionNoteQueryService(AttentionNoteRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** A page of the tenant's notes; a tenant without any gets an empty page (no account needed to be told nothing). */
    public Uni<QueryResponse<AttentionNote>> query(Caller caller, QueryRequest request, String excludeContent) {
        ValidatedQuery q = QUERY.validate(request, excludeContent);
        return repository.page(caller.tenantId(), q, clock.instant()).map(page -> QUERY.respond(q, page.totalCount(), page.items(), AttentionNote::of));
    }
}
