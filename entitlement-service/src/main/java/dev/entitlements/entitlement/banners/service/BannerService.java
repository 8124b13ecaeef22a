package dev.entitlements.entitlement.banners.service;

import dev.entitlements.common.query.QueryDefinition;
import dev.entitlements.common.query.QueryDefinition.FilterType;
import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.query.ValidatedQuery;
import dev.entitlements.common.security.Caller;
import dev.entitlements.contract.Vocabulary;
import dev.entitlements.entitlement.banners.repository.BannerRepository;
import dev.entitlements.entitlement.banners.repository.BannerRepository.Group;
import dev.entitlements.entitlement.banners.repository.BannerRepository.Thresholds;
import dev.entitlements.entitlement.config.EntitlementConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;

/** The expiry banners of a tenant (spec E5; categories and thresholds: docs/decisions.md, Reports). */
@ApplicationScoped
public class BannerService {

    /** Most urgent first. */
    static final List<String> CATEGORIES =
            List.of("AFTER_GRACE_PERIOD", "GRACE_PERIOD", "CLOSE_TO_EXPIRATION", "INITIAL");

    /** The filters a banner request takes, validated like every query's filters. */
    static final QueryDefinition FILTERS = QueryDefinition.builder("banner")
            .fields("type")
            .sortFields("type")
            .filter("licenseType", Vocabulary.LICENSE_TYPES)
            .filter("usageType", Vocabulary.USAGE_TYPES)
            .filter("isTrial", FilterType.BOOLEAN)
            .build();

    private final BannerRepository repository;
    private final Clock clock;
    private final EntitlementConfig config;

    public BannerService(BannerRepository repository, Clock clock, EntitlementConfig config) {
        this.repository = repository;
        this.clock = clock;
        this.config = config;
    }

    public Uni<List<Banner>> banners(Caller caller, BannerRequest request) {
        ValidatedQuery filters = FILTERS.validate(
                new QueryRequest(null, null, null, null, null, null, request == null ? null : request.filters(), null));
        Instant now = clock.instant();
        Duration grace = config.gracePeriod();
        EntitlementConfig.Banners b = config.banners();
        Thresholds t = new Thresholds(
                now,
                now.plus(b.initial()),
                now.plus(b.closeToExpiration()),
                now.minus(grace),
                now.minus(grace).minus(b.afterGracePeriod()));
        return repository
                .groups(caller.tenantId(), filters, t)
                .map(groups -> groups.stream()
                        .map(g -> banner(g, now, grace))
                        .sorted(Comparator.comparing((Banner x) -> CATEGORIES.indexOf(x.type()))
                                .thenComparing(Banner::licenseType)
                                .thenComparing(Banner::usageType)
                                .thenComparing(Banner::isTrial))
                        .toList());
    }

    private static Banner banner(Group g, Instant now, Duration grace) {
        Instant effect = switch (g.category()) {
            case "GRACE_PERIOD" -> g.firstExpiration().plus(grace); // the first licenses to stop working
            case "AFTER_GRACE_PERIOD" -> g.lastExpiration().plus(grace);
            default -> g.firstExpiration();
        };
        long days = Math.max(
                0,
                ChronoUnit.DAYS.between(
                        now.atOffset(ZoneOffset.UTC).toLocalDate(),
                        effect.atOffset(ZoneOffset.UTC).toLocalDate()));
        return new Banner(
                g.quantity(), g.licenseType(), effect, days, g.licenses() > 1, g.category(), g.trial(), g.usageType());
    }
}
