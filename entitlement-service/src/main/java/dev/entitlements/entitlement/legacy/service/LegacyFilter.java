package dev.entitlements.entitlement.legacy.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.entitlements.common.error.ApiException;
import dev.entitlements.contract.Vocabulary;
import dev.entitlements.contract.error.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The query parameters of the deprecated GETs (spec §5: {@code type}, a device type, and
 * {@code licenseType}) as the {@code licenseType} filter of the current queries, so D1–D3 read
 * through the same query paths as E2 and E5.
 * <p>
 * A device type names license types by the device-agnostic rule of spec §5/§7.1: every device type
 * but ANALYTICS counts as APSW, whose licenses are APSW and URLF (the SKU catalogue gives URLF the
 * APSW device type); the Edge security and solution-token types name their own. ANALYTICS names no
 * license type this platform sells, so it matches nothing.
 *
 * @param filters the filters to pass on (empty: no restriction)
 * @param none    whether nothing can match (then no query is needed)
 */
public record LegacyFilter(Map<String, JsonNode> filters, boolean none) {

    /** No restriction. */
    public static final LegacyFilter ALL = new LegacyFilter(Map.of(), false);

    /** The {@code type} values of spec §5. */
    public static final List<String> DEVICE_TYPES = List.of(
            "IOT_CTRL",
            "UNASSIGNED_DEVICE_TYPE",
            "WIFI",
            "LTE",
            "SWITCH",
            "ANALYTICS",
            "RWG",
            "EDGE",
            "VIRTUAL_EDGE",
            "APSW",
            "EDGE_SECS",
            "EDGE_SECL",
            "SLTN_PIN_FOR_IDENTITY",
            "SLTN_TOKEN",
            "SLTN_PMS_INTEGRATION");

    /**
     * @param type        a device type of spec §5 or null; case-insensitive (docs/decisions.md, enums)
     * @param licenseType a license type of spec §7.1 or null; case-insensitive
     * @throws ApiException 400 for a value outside the spec's enums
     */
    public static LegacyFilter of(String type, String licenseType) {
        List<String> types = null; // null: no restriction
        if (type != null && !type.isBlank()) {
            types = licenseTypesOf(normal("type", type, DEVICE_TYPES));
        }
        if (licenseType != null && !licenseType.isBlank()) {
            String named = normal("licenseType", licenseType, Vocabulary.LICENSE_TYPES);
            types = types == null || types.contains(named) ? List.of(named) : List.of();
        }
        if (types == null) {
            return ALL;
        }
        if (types.isEmpty()) {
            // an empty filter array means "no restriction" to the current queries: say "nothing" here
            return new LegacyFilter(Map.of(), true);
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        types.forEach(array::add);
        Map<String, JsonNode> filters = new LinkedHashMap<>();
        filters.put("licenseType", array);
        return new LegacyFilter(filters, false);
    }

    /** These filters and one more. */
    public Map<String, JsonNode> with(String key, String... values) {
        Map<String, JsonNode> more = new LinkedHashMap<>(filters);
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (String v : values) {
            array.add(v);
        }
        more.put(key, array);
        return more;
    }

    private static List<String> licenseTypesOf(String deviceType) {
        return switch (deviceType) {
            case "ANALYTICS" -> List.of();
            case "EDGE_SECS", "EDGE_SECL" -> List.of(deviceType);
            case "SLTN_TOKEN", "SLTN_PIN_FOR_IDENTITY", "SLTN_PMS_INTEGRATION" -> List.of("SLTN_TOKEN");
            default -> new ArrayList<>(List.of("APSW", "URLF"));
        };
    }

    private static String normal(String name, String value, List<String> allowed) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new ApiException(
                    ErrorCode.INVALID_VALUE, "'" + name + "' cannot be " + value, "expected any of " + allowed);
        }
        return v;
    }
}
