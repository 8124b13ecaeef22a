package dev.entitlements.common.query;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.entitlements.contract.error.ErrorDto;

/** The answer of every paginated query endpoint ({@code Entitlements_QueryResponse}, spec §1.4). */
@Schema(description = "A page of a query (spec §1.4)")
public record QueryResponse(
        @Schema(examples = "[\"externalId\", \"quantity\"]") List<String> fields,
        @Schema(description = "All matching items, not only this page's", examples = "42") long totalCount,
        @Schema(examples = "1") int page,
        @Schema(examples = "20") int pageSize,
        @Schema(description = "The object type queried", examples = "entitlement") String objectId,
        @Schema(description = "The page's items, each with the requested fields",
                examples = "[{\"externalId\": \"SO-1001-1\", \"quantity\": 100}]") List<Map<String, Object>> data,
        List<ErrorDto> errors,
        List<Object> subsequentQueries) {
}
