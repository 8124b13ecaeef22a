package dev.entitlements.contract.error;

import java.util.List;

/** The body of every non-2xx answer, from every service and the gateway. */
public record ErrorResponse(String requestId, List<ErrorDto> errors) {
}
