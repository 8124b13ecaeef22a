package dev.entitlements.contract.error;

import java.util.List;

/**
 * The body of every non-2xx answer, from every service and the gateway.
 *
 * @param message the first error's message again: the vendor's web UI shows {@code error.message}
 *                and nothing else (docs/decisions.md, Errors)
 */
public record ErrorResponse(String requestId, String message, List<ErrorDto> errors) {

    public ErrorResponse(String requestId, List<ErrorDto> errors) {
        this(requestId, errors.isEmpty() ? null : errors.get(0).message(), errors);
    }
}
