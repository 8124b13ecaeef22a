package dev.entitlements.reporting.usage.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.common.security.Caller;
import dev.entitlements.contract.events.DeviceUsageReported;
import dev.entitlements.reporting.usage.repository.DeviceUsageRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

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
        return repository.daily(caller.tenantId(), query.licenseType(), query.from(), query.to(), query.offset(), query.limit())
                .map(days -> new UsageReport(query.licenseType(), query.from(), query.to(), query.page(),
                        query.page() == null ? null : query.pageSize(), query.days(), days));
    }

    /** Applies a snapshot in the caller's transaction. */
    public Uni<Void> record(SqlConnection tx, DeviceUsageReported usage, java.time.Instant reportedAt) {
        return repository.upsert(tx, usage, reportedAt);
    }
}
