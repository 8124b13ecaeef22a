package dev.entitlements.sync.request.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class SyncRequestRepository implements PanacheRepositoryBase<SyncRequest, UUID> {

    /** The request if it belongs to the tenant; another tenant's request is as absent as an unknown one. */
    public Uni<SyncRequest> findForTenant(UUID id, String tenantId) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResult();
    }
}
