package dev.entitlements.entitlement.legacy.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.entitlements.common.error.ApiException;
import dev.entitlements.common.query.QueryDefinition;
import dev.entitlements.common.query.QueryRequest;
import dev.entitlements.common.security.Caller;
import dev.entitlements.contract.Vocabulary;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.entitlement.banners.service.BannerRequest;
import dev.entitlements.entitlement.banners.service.BannerService;
import dev.entitlements.entitlement.banners.service.LegacyBanner;
import dev.entitlements.entitlement.entitlements.service.EntitlementItem;
import dev.entitlements.entitlement.entitlements.service.EntitlementQueryService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deprecated reads of this service (spec D1, D2, D3, D5) in their old shapes. Each reads through
 * the service of its replacement — {@code POST /entitlements/query} (E2), the banners of
 * {@code POST /entitlements/banners/query} (E5), the pools of {@code GET /mspEntitlements} (D4) — and
 * only reshapes or sums what those answer, so no rule of the read model is written twice.
 */
@ApplicationScoped
public class LegacyReadService {

    private final EntitlementQueryService entitlements;
    private final BannerService banners;
    private final Clock clock;

    public LegacyReadService(EntitlementQueryService entitlements, BannerService banners, Clock clock) {
        this.entitlements = entitlements;
        this.banners = banners;
        this.clock = clock;
    }

    /** D1: every entitlement of the tenant, unpaged, in expiration order. */
    public Uni<List<LegacyEntitlement>> entitlements(Caller caller, LegacyFilter filter) {
        if (filter.none()) {
            return Uni.createFrom().item(List.of());
        }
        return all(caller, filter.filters())
                .map(items -> items.stream().map(LegacyEntitlement::of).toList());
    }

    /** D2: the valid licenses summed per license type, trial flag and usage type, and the legacy banners. */
    public Uni<EntitlementSummaries> summaries(Caller caller, LegacyFilter filter) {
        if (filter.none()) {
            return Uni.createFrom().item(new EntitlementSummaries(List.of(), List.of()));
        }
        return all(caller, filter.with("status", "VALID"))
                .map(LegacyReadService::summed)
                .chain(summaries -> legacyBanners(caller, filter).map(b -> new EntitlementSummaries(summaries, b)));
    }

    /** D3: the banners of {@code POST /entitlements/banners/query} in the legacy shape. */
    public Uni<List<LegacyBanner>> legacyBanners(Caller caller, LegacyFilter filter) {
        if (filter.none()) {
            return Uni.createFrom().item(List.of());
        }
        return banners.banners(caller, new BannerRequest(filter.filters()))
                .map(list -> list.stream().map(LegacyBanner::of).toList());
    }

    /** D5: the MSP's pools (as D4), each valid or future pool summarised, and the banners of its pools. */
    public Uni<MspEntitlementsRefreshData> mspSummaries(Caller caller) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LegacyFilter pools = new LegacyFilter(LegacyFilter.ALL.with("usageType", "ASSIGNED"), false);
        Uni<List<MspEntitlementSummary>> summaries = all(caller, pools.with("status", "VALID", "FUTURE"))
                // a tenant nobody knows has no pools; this endpoint never answered 417 (spec D5)
                .onFailure(e -> e instanceof ApiException a && a.code() == ErrorCode.NO_ENTITLEMENT_ACCOUNT)
                .recoverWithItem(List.of())
                .map(items -> items.stream().map(e -> summary(e, today)).toList());
        return entitlements
                .mspPools(caller)
                .chain(list -> summaries.chain(s -> banners.banners(caller, new BannerRequest(pools.filters()))
                        .map(b -> new MspEntitlementsRefreshData(
                                list, s, b.stream().map(MspBanner::of).toList()))));
    }

    /** Every item of {@code POST /entitlements/query} with these filters, a page of the largest size at a time. */
    private Uni<List<EntitlementItem>> all(Caller caller, Map<String, JsonNode> filters) {
        return from(caller, filters, 1, new ArrayList<>());
    }

    private Uni<List<EntitlementItem>> from(
            Caller caller, Map<String, JsonNode> filters, int page, List<EntitlementItem> read) {
        // expiration order, ties by id: a stable order, so pages laid end to end are the whole set
        QueryRequest request = new QueryRequest(
                null, page, QueryDefinition.MAX_PAGE_SIZE, null, "expirationDate", "ASC", filters, null);
        return entitlements.query(caller, request, null).chain(answer -> {
            read.addAll(answer.data());
            if (answer.data().isEmpty() || read.size() >= answer.totalCount()) {
                return Uni.createFrom().item(read);
            }
            return from(caller, filters, page + 1, read);
        });
    }

    private record Key(String licenseType, boolean trial, String usageType) {}

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::licenseType, Vocabulary.LICENSE_TYPE_ORDER)
            .thenComparing(Key::usageType, Comparator.comparing(u -> !"SELF".equals(u)))
            .thenComparing(Key::trial);

    private static List<EntitlementSummary> summed(List<EntitlementItem> valid) {
        Map<Key, List<EntitlementItem>> groups = new LinkedHashMap<>();
        for (EntitlementItem e : valid) {
            groups.computeIfAbsent(new Key(e.licenseType(), e.isTrial(), e.usageType()), k -> new ArrayList<>())
                    .add(e);
        }
        return groups.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(ORDER))
                .map(g -> {
                    long purchased = 0;
                    long courtesy = 0;
                    long received = 0;
                    for (EntitlementItem e : g.getValue()) {
                        if (e.assignedLicense()) {
                            received += e.quantity();
                        } else if (e.courtesy()) {
                            courtesy += e.quantity();
                        } else {
                            purchased += e.quantity();
                        }
                    }
                    Key k = g.getKey();
                    return new EntitlementSummary(
                            k.licenseType(),
                            k.trial(),
                            k.usageType(),
                            purchased + courtesy + received,
                            purchased,
                            courtesy,
                            received,
                            g.getValue().size(),
                            g.getValue().stream()
                                    .map(EntitlementItem::expirationDate)
                                    .min(Comparator.naturalOrder())
                                    .orElse(null));
                })
                .toList();
    }

    private static MspEntitlementSummary summary(EntitlementItem e, LocalDate today) {
        long days =
                Math.max(0, ChronoUnit.DAYS.between(today, LocalDate.ofInstant(e.expirationDate(), ZoneOffset.UTC)));
        return new MspEntitlementSummary(
                e.deviceType(),
                e.deviceSubType(),
                e.licenseType(),
                e.quantity(),
                e.courtesy() ? e.quantity() : 0,
                e.effectiveDate(),
                e.expirationDate(),
                days,
                null,
                e.isTrial());
    }
}
