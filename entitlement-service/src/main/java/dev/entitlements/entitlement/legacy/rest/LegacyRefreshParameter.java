package dev.entitlements.entitlement.legacy.rest;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.contract.error.ErrorCode;

/**
 * The {@code refresh} parameter of D2 and D5 as this service sees it. The gateway's route table
 * sends {@code refresh=true} in any case to the sync service (a query predicate; the HTTPRoute lists
 * true, True and TRUE); what reaches this service is a read. Anything else that is not false
 * (a mixed case past the edge, {@code 1}, {@code yes}) is refused rather than answered with a read:
 * the client asked for a refresh and must not be told it got one.
 */
final class LegacyRefreshParameter {

    private LegacyRefreshParameter() {
    }

    static void requireRead(String refresh) {
        if (refresh == null || refresh.isBlank() || refresh.strip().equalsIgnoreCase("false")) {
            return;
        }
        throw new ApiException(ErrorCode.INVALID_VALUE, "'refresh' cannot be " + refresh + " here",
                "refresh=true (any case, through the gateway) starts a refresh; refresh=false or none reads");
    }
}
