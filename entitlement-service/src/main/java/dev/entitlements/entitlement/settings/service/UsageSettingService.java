package dev.entitlements.entitlement.settings.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.entitlements.common.security.Caller;
import dev.entitlements.entitlement.settings.repository.UsageSettingRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class UsageSettingService {

    private final UsageSettingRepository repository;

    public UsageSettingService(UsageSettingRepository repository) {
        this.repository = repository;
    }

    @WithSession
    public Uni<List<UsageSetting>> list(Caller caller) {
        return repository.forTenant(caller.tenantId());
    }
}
