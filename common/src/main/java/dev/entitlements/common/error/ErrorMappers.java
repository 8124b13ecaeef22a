package dev.entitlements.common.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.entitlements.common.request.RequestIds;
import dev.entitlements.common.rest.RequestDeadline;
import dev.entitlements.contract.error.ErrorCode;
import dev.entitlements.contract.error.ErrorDto;
import dev.entitlements.contract.error.ErrorResponse;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become the error body of docs/decisions.md. Every service gets these
 * mappers from this module; no resource builds an error response itself.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    private final AvailabilityConfig availability;

    public ErrorMappers(AvailabilityConfig availability) {
        this.availability = availability;
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> api(ApiException e, HttpHeaders headers) {
        return respond(e.code().status(), e.errors(), headers);
    }

    // listed one by one: Quarkus has built-in mappers for some of these subtypes, and the most
    // specific mapper wins, so a mapper for the base type alone would not be reached
    @ServerExceptionMapper({
        JsonProcessingException.class,
        JsonParseException.class,
        JsonMappingException.class,
        MismatchedInputException.class,
        InvalidFormatException.class,
        UnrecognizedPropertyException.class,
        ValueInstantiationException.class
    })
    public RestResponse<ErrorResponse> json(JsonProcessingException e, HttpHeaders headers) {
        return respond(400, List.of(describe(e)), headers);
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public RestResponse<ErrorResponse> unauthenticated(RuntimeException e, HttpHeaders headers) {
        RestResponse<ErrorResponse> response = respond(
                401,
                List.of(ErrorDto.of(
                        ErrorCode.UNAUTHENTICATED,
                        "missing, expired or invalid bearer token",
                        "send Authorization: Bearer <access token>")),
                headers);
        response.getHeaders().putSingle(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return response;
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> forbidden(ForbiddenException e, HttpHeaders headers) {
        return respond(
                403,
                List.of(ErrorDto.of(ErrorCode.FORBIDDEN, "the caller's role does not allow this operation", null)),
                headers);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> web(WebApplicationException e, HttpHeaders headers) {
        // the JSON reader wraps parse failures; report the parse failure, not the wrapper
        if (e.getCause() instanceof JsonProcessingException jpe) {
            return json(jpe, headers);
        }
        int status = e.getResponse().getStatus();
        ErrorCode code = ErrorCode.forStatus(status);
        if (code == ErrorCode.INTERNAL_ERROR) {
            return unexpected(e, headers);
        }
        return respond(status, List.of(ErrorDto.of(code, e.getMessage(), null)), headers);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> unexpected(Throwable e, HttpHeaders headers) {
        String requestId = headers.getHeaderString(RequestIds.HEADER);
        if (RequestDeadline.isLateWrite(e)) {
            // the request deadline has answered 503 already: the resource's answer has nowhere to go
            LOG.debugf("request %s: the answer came after the request deadline and is dropped", requestId);
            return respond(503, List.of(Unavailable.error(availability.retryAfterSeconds())), headers);
        }
        if (Unavailable.isTransient(e)) {
            return unavailable(e, requestId, headers);
        }
        // the stack trace goes to the log only; the caller gets the request id to quote
        LOG.errorf(e, "unexpected failure of request %s", requestId);
        return respond(
                500,
                List.of(ErrorDto.of(
                        ErrorCode.INTERNAL_ERROR,
                        "unexpected failure",
                        "quote the request id " + requestId + " when reporting it")),
                headers);
    }

    /**
     * The database (or another dependency) is down, slow or starved: not a bug, so no stack trace and
     * no 500, but 503 with Retry-After. The outcome of a write may be unknown (docs/errors.md).
     */
    private RestResponse<ErrorResponse> unavailable(Throwable e, String requestId, HttpHeaders headers) {
        LOG.warnf("request %s answered 503, a dependency is unavailable: %s", requestId, Unavailable.describe(e));
        int retryAfter = availability.retryAfterSeconds();
        RestResponse<ErrorResponse> response = respond(503, List.of(Unavailable.error(retryAfter)), headers);
        response.getHeaders().putSingle(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
        return response;
    }

    static ErrorDto describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null
                    ? ""
                    : u.getKnownPropertyIds().stream()
                            .map(Object::toString)
                            .sorted()
                            .collect(Collectors.joining(", "));
            return ErrorDto.of(ErrorCode.UNKNOWN_FIELD, "unknown field '" + path(u) + "'", "allowed fields: " + known);
        }
        if (e instanceof InvalidFormatException f) {
            return ErrorDto.of(
                    ErrorCode.INVALID_VALUE,
                    "'" + path(f) + "' cannot be " + f.getValue(),
                    expected(f.getTargetType()));
        }
        if (e instanceof ValueInstantiationException v) {
            String why = v.getCause() != null ? v.getCause().getMessage() : v.getOriginalMessage();
            return ErrorDto.of(ErrorCode.INVALID_VALUE, why, null);
        }
        if (e instanceof MismatchedInputException m) {
            return ErrorDto.of(
                    ErrorCode.INVALID_VALUE, "'" + path(m) + "' has the wrong type", expected(m.getTargetType()));
        }
        if (e instanceof JsonParseException) {
            // Jackson appends parser internals ("(start marker at [Source: ...") that tell a client nothing
            String reason = e.getOriginalMessage().split("\\R")[0].replaceFirst(" \\(start marker at .*", "");
            return ErrorDto.of(ErrorCode.MALFORMED_REQUEST, reason, "send a valid JSON document");
        }
        return ErrorDto.of(ErrorCode.MALFORMED_REQUEST, e.getOriginalMessage(), null);
    }

    private static String path(JsonMappingException e) {
        String p = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return p.isEmpty() ? "body" : p;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return "expected " + type.getSimpleName();
    }

    static RestResponse<ErrorResponse> respond(int status, List<ErrorDto> errors, HttpHeaders headers) {
        return RestResponse.ResponseBuilder.<ErrorResponse>create(status)
                .entity(new ErrorResponse(headers.getHeaderString(RequestIds.HEADER), errors))
                .type(jakarta.ws.rs.core.MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
