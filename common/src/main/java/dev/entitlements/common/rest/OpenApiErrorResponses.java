package dev.entitlements.common.rest;

import dev.entitlements.common.error.Unavailable;
import dev.entitlements.contract.error.ErrorCode;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Every operation of every service documents the error answers it can give, all in the one error
 * body (docs/decisions.md, Errors), with an example each: written once here instead of on each method.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiErrorResponses implements OASFilter {

    private static final String REF = "#/components/schemas/ErrorResponse";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        // closed like every response schema (OpenApiResponseSchemas); reason and suggestion are left out when empty
        components.addSchema(
                "ErrorDto",
                OASFactory.createSchema()
                        .addType(Schema.SchemaType.OBJECT)
                        .addProperty("code", string("Catalogue code, e.g. ENTITLEMENT-10002"))
                        .addProperty("message", string("What kind of error"))
                        .addProperty("reason", string("What exactly was wrong"))
                        .addProperty("suggestion", string("How to put it right"))
                        .required(List.of("code", "message"))
                        .additionalPropertiesBoolean(Boolean.FALSE));
        components.addSchema(
                "ErrorResponse",
                OASFactory.createSchema()
                        .addType(Schema.SchemaType.OBJECT)
                        .description("The body of every non-2xx answer")
                        .addProperty("requestId", string("The x-request-id of the request"))
                        .addProperty(
                                "message", string("The first error's message again: the web UI shows error.message"))
                        .addProperty(
                                "errors",
                                OASFactory.createSchema()
                                        .addType(Schema.SchemaType.ARRAY)
                                        .minItems(1)
                                        .items(OASFactory.createSchema().ref("#/components/schemas/ErrorDto")))
                        .required(List.of("requestId", "message", "errors"))
                        .additionalPropertiesBoolean(Boolean.FALSE));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Operation op : item.getOperations().values()) {
                boolean body = op.getRequestBody() != null;
                boolean input = body
                        || (op.getParameters() != null && !op.getParameters().isEmpty());
                if (input) {
                    add(op, ErrorCode.INVALID_VALUE, "'page' cannot be 0", "expected 1 or more (pages are 1-based)");
                }
                add(op, ErrorCode.UNAUTHENTICATED, "a bearer token is required", null);
                add(op, ErrorCode.FORBIDDEN, "the caller's roles [READ_ONLY] do not allow this", null);
                add(op, ErrorCode.NOT_FOUND, "tenant ec-42 is not a customer of msp-7", null);
                if (body) {
                    add(op, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "text/plain is not accepted", "send application/json");
                }
                add(op, ErrorCode.INTERNAL_ERROR, "an unexpected error; the request id finds it in the logs", null);
                // the service's database is down, slow or starved, or (at the gateway) the service is down:
                // retry after Retry-After, a write with the same Idempotency-Key (docs/errors.md)
                add(
                        op,
                        ErrorCode.SERVICE_UNAVAILABLE,
                        Unavailable.error(5).reason(),
                        Unavailable.error(5).suggestion());
                // answered by the gateway (and the HTTPRoute's proxy) in front of the service
                add(op, ErrorCode.BAD_GATEWAY, "the connection to the service broke before it answered", null);
                add(
                        op,
                        ErrorCode.GATEWAY_TIMEOUT,
                        "the service did not answer within 9.5 s",
                        "retry after Retry-After; a write may have been applied, so send it again with the same Idempotency-Key");
            }
        }
    }

    private static void add(Operation op, ErrorCode code, String reason, String suggestion) {
        if (op.getResponses() == null) {
            op.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = op.getResponses();
        String status = String.valueOf(code.status());
        // Quarkus adds a bare 401/403 to secured operations; the body and example are still ours to give
        if (responses.hasAPIResponse(status) && responses.getAPIResponse(status).getContent() != null) {
            return;
        }
        Map<String, Object> error = new java.util.LinkedHashMap<>();
        error.put("code", code.code());
        error.put("message", code.message());
        error.put("reason", reason);
        if (suggestion != null) {
            error.put("suggestion", suggestion);
        }
        String description = responses.hasAPIResponse(status)
                        && responses.getAPIResponse(status).getDescription() != null
                ? responses.getAPIResponse(status).getDescription()
                : code.message();
        APIResponse response = OASFactory.createAPIResponse()
                .description(description)
                .content(OASFactory.createContent()
                        .addMediaType(
                                "application/json",
                                OASFactory.createMediaType()
                                        .schema(OASFactory.createSchema().ref(REF))
                                        .example(example(error))));
        if (code == ErrorCode.SERVICE_UNAVAILABLE || code == ErrorCode.GATEWAY_TIMEOUT) {
            response.addHeader(
                    "Retry-After",
                    OASFactory.createHeader()
                            .description("Seconds to wait before retrying")
                            .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
        }
        responses.addAPIResponse(status, response);
    }

    private static Map<String, Object> example(Map<String, Object> error) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("requestId", "5b0e8c0e-2f0e-4c55-9d1e-0f6f8f3f2a10");
        body.put("message", error.get("message"));
        body.put("errors", List.of(error));
        return body;
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
