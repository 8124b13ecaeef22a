package dev.entitlements.common.query;

import dev.entitlements.contract.error.ErrorDto;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer of every paginated query endpoint ({@code Entitlements_QueryResponse}, spec §1.4),
 * typed by its item: each endpoint declares one record that carries every documented field, so
 * the published schema says what {@code data} holds (docs/decisions.md, Queries: {@code fields} does
 * not narrow the items, it is only echoed).
 *
 * @param <T> the endpoint's item record
 */
@Schema(description = "A page of a query (spec §1.4)")
public record QueryResponse<T>(
        @Schema(
                description = "The requested field names, echoed (items always carry every field)",
                examples = "[\"externalId\", \"quantity\"]")
        List<String> fields,

        @Schema(description = "All matching items, not only this page's", examples = "42")
        long totalCount,

        @Schema(examples = "1") int page,
        @Schema(examples = "20") int pageSize,

        @Schema(description = "The object type queried", examples = "entitlement")
        String objectId,

        @Schema(description = "The page's items; empty with excludeContent=true")
        List<T> data,

        @Schema(description = "Always empty on success") List<ErrorDto> errors,

        @Schema(description = "Always empty: no follow-up queries are offered")
        List<SubsequentQuery> subsequentQueries) {

    /** The vendor's follow-up query item ({@code SubsequentQuery}); this API offers none. */
    public record SubsequentQuery(List<String> fields, String url) {}
}
