package dev.entitlements.common.query;

import java.util.List;
import java.util.Map;

import dev.entitlements.contract.error.ErrorDto;

/** The answer of every paginated query endpoint ({@code Entitlements_QueryResponse}, spec §1.4). */
public record QueryResponse(
        List<String> fields,
        long totalCount,
        int page,
        int pageSize,
        String objectId,
        List<Map<String, Object>> data,
        List<ErrorDto> errors,
        List<Object> subsequentQueries) {
}
