package dev.entitlements.common.error;

import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.contract.error.ErrorDto;
import java.util.List;

/**
 * A request that cannot be served, with the errors to report. Thrown (or failed in a Uni) anywhere
 * in a service; {@link ErrorMappers} turns it into the error body.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final List<ErrorDto> errors;

    public ApiException(ErrorCode code, String reason) {
        this(code, reason, null);
    }

    public ApiException(ErrorCode code, String reason, String suggestion) {
        this(code, List.of(ErrorDto.of(code, reason, suggestion)));
    }

    /** Several errors of the same kind at once, e.g. every bad record of a batch. */
    public ApiException(ErrorCode code, List<ErrorDto> errors) {
        super(errors.isEmpty() ? code.message() : errors.get(0).reason(), null, false, false);
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    public ErrorCode code() {
        return code;
    }

    public List<ErrorDto> errors() {
        return errors;
    }

    public static ApiException notFound(String what) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
    }
}
