package dev.entitlements.common.query;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of every paginated query endpoint (spec §1.4). Field sets and filters differ per
 * endpoint; {@link QueryDefinition} validates a request against one endpoint's.
 */
public record QueryRequest(
        List<String> fields,
        Integer page,
        Integer pageSize,
        Integer defaultPageSize,
        String sortField,
        String sortOrder,
        Map<String, JsonNode> filters,
        Boolean excludeContent) {
}
