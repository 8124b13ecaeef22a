package dev.entitlements.sync.request.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestResponse;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.security.CallerContext;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.sync.request.rest.SyncResource.Accepted;
import dev.entitlements.sync.request.service.SyncJobs;
import io.smallrye.mutiny.Uni;

/**
 * The refresh half of the deprecated {@code GET /entitlements/summaries} (D2) and
 * {@code GET /mspEntitlements/summaries} (D5): with {@code refresh=true} they start the same full
 * refresh as {@code PATCH /entitlements} (E8) and answer its 202. The gateway's route table sends
 * only {@code refresh=true} here (a query predicate); the reads themselves are the entitlement
 * service's. Like E8, a refresh acts for the caller's own account only.
 */
@ApplicationScoped
public class LegacyRefresh {

    private final SyncJobs jobs;
    private final CallerContext caller;

    public LegacyRefresh(SyncJobs jobs, CallerContext caller) {
        this.jobs = jobs;
        this.caller = caller;
    }

    Uni<RestResponse<Accepted>> start(String refresh, UriInfo uri) {
        if (refresh == null || !refresh.equalsIgnoreCase("true")) {
            // only reachable past the gateway: the reads without refresh are the entitlement service's
            throw new ApiException(ErrorCode.INVALID_VALUE, "this service only starts refreshes: 'refresh' must be true, is " + refresh,
                    "call without refresh (or refresh=false) through the gateway for the summaries");
        }
        // like E8: the caller's own account only (a delegated x-rks-tenantid is 403)
        return jobs.request(caller.current()).map(id -> SyncResource.accepted(id, uri));
    }
}
