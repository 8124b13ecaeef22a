package dev.entitlements.entitlement.legacy.rest;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.contract.error.ErrorCode;

/**
 * The {@code refresh} parameter of D2 and D5 as this service sees it. The gateway's route table
 * sends exactly {@code refresh=true} to the sync service (a query predicate, matched exactly like a
 * Gateway API queryParams match); what reaches this service is a read. A spelling of true that the
 * predicate did not take ({@code True}, {@code TRUE}) is refused rather than answered with a read:
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
                "refresh=true (lower case, through the gateway) starts a refresh; refresh=false or none reads");
    }
}
