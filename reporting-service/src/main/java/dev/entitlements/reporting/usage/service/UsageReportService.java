package dev.entitlements.reporting.usage.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.common.security.Caller;
import dev.entitlements.reporting.usage.repository.DeviceUsageRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import dev.entitlements.contract.Vocabulary;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class UsageReportService {

    private final DeviceUsageRepository repository;

    public UsageReportService(DeviceUsageRepository repository) {
        this.repository = repository;
    }

    /** The report of the caller's tenant. Only MSPs get usage reports (DECISIONS.md). */
    @WithSession
    public Uni<UsageReport> report(Caller caller, UsageReportQuery query) {
        if (!caller.isMsp()) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.FORBIDDEN, "usage reports are for MSP tenants"));
        }
        return repository.daily(caller.tenantId(), Vocabulary.baseLicenseType(query.licenseType()), query.from(), query.to(), query.offset(), query.limit())
                .map(days -> new UsageReport(query.licenseType(), query.from(), query.to(), query.page(),
                        query.page() == null ? null : query.pageSize(), query.days(), days));
    }

}
