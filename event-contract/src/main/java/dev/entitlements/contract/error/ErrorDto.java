package dev.entitlements.contract.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One error of an error body (docs/decisions.md, Wire format). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorDto(String code, String message, String reason, String suggestion) {

    public static ErrorDto of(ErrorCode code, String reason, String suggestion) {
        return new ErrorDto(code.code(), code.message(), reason, suggestion);
    }
}
