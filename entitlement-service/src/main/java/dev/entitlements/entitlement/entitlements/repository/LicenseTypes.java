package dev.entitlements.entitlement.entitlements.repository;

import java.util.Map;

/** Display name and description of each license type (spec §7.1): what {@code licenseName}/{@code licenseDesc} show. */
final class LicenseTypes {

    private static final Map<String, String[]> TYPES = Map.of(
            "APSW", new String[] { "Access point and switch", "Device subscription for access points and switches" },
            "URLF", new String[] { "URL filtering", "URL-filtering subscription" },
            "EDGE_SECS", new String[] { "Edge security S", "RUCKUS Edge security subscription, S" },
            "EDGE_SECL", new String[] { "Edge security L", "RUCKUS Edge security subscription, L" },
            "SLTN_TOKEN", new String[] { "Solution tokens", "Tokens consumed by solution features" });

    private LicenseTypes() {
    }

    static String name(String licenseType) {
        String[] t = TYPES.get(licenseType);
        return t == null ? licenseType : t[0];
    }

    static String description(String licenseType) {
        String[] t = TYPES.get(licenseType);
        return t == null ? null : t[1];
    }
}
