package dev.entitlements.sync.request.service;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.security.Caller;
import dev.entitlements.sync.request.repository.SyncRequest;
import dev.entitlements.sync.request.repository.SyncRequestRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class SyncRequestService {

    private final SyncRequestRepository repository;

    public SyncRequestService(SyncRequestRepository repository) {
        this.repository = repository;
    }

    public Uni<SyncRequestStatus> status(Caller caller, String requestId) {
        UUID id;
        try {
            id = UUID.fromString(requestId);
        } catch (IllegalArgumentException e) {
            // not an id we could have issued: as unknown as any other
            return Uni.createFrom().failure(ApiException.notFound("sync request " + requestId));
        }
        return repository
                .findForTenant(id, caller.tenantId())
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("sync request " + requestId))
                .map(SyncRequestService::toStatus);
    }

    static SyncRequestStatus toStatus(SyncRequest r) {
        return new SyncRequestStatus(
                r.id().toString(),
                r.refreshType(),
                r.state(),
                r.createdAt(),
                r.updatedAt(),
                new SyncRequestStatus.Changes(r.purchased(), r.changed(), r.cancelled()),
                r.failureReason());
    }
}
