package dev.entitlements.entitlement.entitlements.service;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.query.QueryDefinition;
import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.query.QueryResponse;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.common.security.Caller;
import dev.entitlements.common.tenant.TenantDirectory;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.entitlement.config.EntitlementConfig;
import dev.entitlements.entitlement.entitlements.repository.EntitlementRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

@ApplicationScoped
public class EntitlementQueryService {

    /** The vocabulary of {@code POST /entitlements/query} (spec E2, §2.2, docs/decisions.md Queries). */
    public static final QueryDefinition QUERY = EntitlementItem.QUERY.definition();

    private final EntitlementRepository repository;
    private final TenantDirectory directory;
    private final Clock clock;
    private final Duration grace;

    public EntitlementQueryService(
            EntitlementRepository repository, TenantDirectory directory, Clock clock, EntitlementConfig config) {
        this.repository = repository;
        this.directory = directory;
        this.clock = clock;
        this.grace = config.gracePeriod();
    }

    /**
     * A page of the caller tenant's entitlements. For a customer the licenses it received by
     * assignment are its own (usageType SELF, {@code assignedLicense: true}) whatever
     * {@code isAssignedLicense} says: that filter narrows only an MSP's view. 417 only for a tenant
     * that neither the licensing system nor any MSP knows; a managed customer gets an empty page.
     */
    public Uni<QueryResponse<EntitlementItem>> query(Caller caller, QueryRequest request, String excludeContent) {
        ValidatedQuery validated = QUERY.validate(request, excludeContent);
        ValidatedQuery q = caller.isMsp() ? validated : validated.without("isAssignedLicense");
        return repository
                .page(EntitlementItem.QUERY, caller.tenantId(), q, clock.instant(), grace)
                .chain(page -> {
                    if (page.totalCount() > 0) {
                        return Uni.createFrom().item(QUERY.respond(q, page));
                    }
                    return hasAccount(caller).map(has -> {
                        if (!has) {
                            throw new ApiException(
                                    ErrorCode.NO_ENTITLEMENT_ACCOUNT,
                                    "tenant " + caller.tenantId()
                                            + " has no entitlements from the licensing system and no MSP yet");
                        }
                        return QUERY.respond(q, page);
                    });
                });
    }

    /**
     * Whether the tenant has an entitlement account: it has had an entitlement (its own or received),
     * or an MSP manages it (an MSP acting for it has shown that already).
     */
    private Uni<Boolean> hasAccount(Caller caller) {
        if (caller.isDelegated()) {
            return Uni.createFrom().item(true);
        }
        return repository
                .hasAccount(caller.tenantId())
                .chain(has -> has ? Uni.createFrom().item(true) : directory.isManaged(caller.tenantId()));
    }

    /** The caller's MSP bulk pools ({@code GET /mspEntitlements}), all of them, in expiration order. */
    public Uni<List<MspEntitlement>> mspPools(Caller caller) {
        return repository
                .all(EntitlementItem.QUERY, caller.tenantId(), "ASSIGNED", clock.instant(), grace)
                .map(items -> items.stream().map(MspEntitlement::of).toList());
    }
}
