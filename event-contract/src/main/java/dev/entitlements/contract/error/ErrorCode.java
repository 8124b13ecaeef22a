package dev.entitlements.contract.error;

/**
 * The error catalogue of the entitlement API: every non-2xx answer names one of these codes.
 * docs/errors.md lists them for clients.
 */
public enum ErrorCode {
    INTERNAL_ERROR(500, "ENTITLEMENT-10000", "Internal error"),
    MALFORMED_REQUEST(400, "ENTITLEMENT-10001", "The request body is not valid JSON"),
    INVALID_VALUE(400, "ENTITLEMENT-10002", "A value has the wrong type or format"),
    UNKNOWN_FIELD(400, "ENTITLEMENT-10003", "The request names a field that does not exist"),
    MISSING_VALUE(400, "ENTITLEMENT-10004", "A required value is missing"),
    UNAUTHENTICATED(401, "ENTITLEMENT-10010", "A valid bearer token is required"),
    FORBIDDEN(403, "ENTITLEMENT-10011", "The caller's role or tenant does not allow this"),
    NOT_FOUND(404, "ENTITLEMENT-10012", "Not found"),
    METHOD_NOT_ALLOWED(405, "ENTITLEMENT-10013", "Method not allowed on this path"),
    NOT_ACCEPTABLE(406, "ENTITLEMENT-10014", "None of the accepted media types can be produced"),
    PAYLOAD_TOO_LARGE(413, "ENTITLEMENT-10015", "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "ENTITLEMENT-10016", "Unsupported request media type"),
    /** A dependency (the service's database, or the service behind the gateway) is down or overloaded: retry after Retry-After. */
    SERVICE_UNAVAILABLE(503, "ENTITLEMENT-10017", "The service is temporarily unavailable"),
    /** The gateway got no usable answer from the service (the connection broke). */
    BAD_GATEWAY(502, "ENTITLEMENT-10018", "The service behind the gateway failed to answer"),
    /** The gateway waited longer than its upstream timeout for the service's answer. */
    GATEWAY_TIMEOUT(504, "ENTITLEMENT-10019", "The service behind the gateway did not answer in time"),
    INSUFFICIENT_LICENSES(402, "ENTITLEMENT-10100", "Not enough licenses in the pool"),
    LIFECYCLE_CONFLICT(409, "ENTITLEMENT-10101", "The object's lifecycle state does not allow this"),
    NO_ENTITLEMENT_ACCOUNT(417, "ENTITLEMENT-10102", "The tenant has no entitlement account yet"),
    UNPROCESSABLE(422, "ENTITLEMENT-10103", "The request is well-formed but not acceptable"),
    START_IN_PAST(422, "ENTITLEMENT-10200", "The effective date is in the past");

    private final int status;
    private final String code;
    private final String message;

    ErrorCode(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }

    /** The catalogue entry for a status raised by the framework rather than by our code. */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_REQUEST;
            case 401 -> UNAUTHENTICATED;
            case 402 -> INSUFFICIENT_LICENSES;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> LIFECYCLE_CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 417 -> NO_ENTITLEMENT_ACCOUNT;
            case 422 -> UNPROCESSABLE;
            case 502 -> BAD_GATEWAY;
            case 503 -> SERVICE_UNAVAILABLE;
            case 504 -> GATEWAY_TIMEOUT;
            default -> INTERNAL_ERROR;
        };
    }
}
