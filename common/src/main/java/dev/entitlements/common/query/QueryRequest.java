package dev.entitlements.common.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of every paginated query endpoint (spec §1.4). Field sets and filters differ per
 * endpoint; {@link QueryDefinition} validates a request against one endpoint's. Other body fields
 * (the UI's table helper adds {@code total}) are ignored like every unknown field
 * ({@link dev.entitlements.common.tolerance.Tolerance}).
 */
@Schema(description = "The query envelope: fields, 1-based paging, sorting, filters (spec §1.4)")
public record QueryRequest(
        @Schema(
                description = "Fields of each item; all when absent",
                examples = "[\"externalId\", \"licenseType\", \"quantity\", \"status\"]")
        List<String> fields,

        @Schema(description = "1-based; below 1 reads as 1", defaultValue = "1", examples = "1")
        Integer page,

        @Schema(
                description = "Below 1 reads as defaultPageSize (or 20), above 10000 as 10000",
                defaultValue = "20",
                examples = "20")
        Integer pageSize,

        @Schema(description = "Page size when pageSize is absent or below 1", examples = "20")
        Integer defaultPageSize,

        @Schema(
                description =
                        "A sortable field; another name falls back to the endpoint's default sort. Ties are broken by id",
                examples = "expirationDate")
        String sortField,

        @Schema(
                enumeration = {"ASC", "DESC"},
                defaultValue = "ASC")
        String sortOrder,

        @Schema(
                description = "Filters of the endpoint; enum values are case-insensitive, a string or an array",
                examples = "{\"licenseType\": [\"APSW\"], \"status\": [\"VALID\"], \"isTrial\": false}")
        Map<String, JsonNode> filters,

        @Schema(description = "true: only totalCount, no data")
        Boolean excludeContent) {}
