package dev.entitlements.contract;

import java.util.List;

/**
 * The enumerations of the API and the events (spec §7), named once: request validation, event
 * schemas and tests read them from here.
 */
public final class Vocabulary {

    /** Current license types (spec §7.1). */
    public static final List<String> LICENSE_TYPES =
            List.of("UNKNOWN", "APSW", "URLF", "EDGE_SECS", "EDGE_SECL", "SLTN_TOKEN");
    /** License types in the order of {@link #LICENSE_TYPES} (how reports list them); others after, by name. */
    public static final java.util.Comparator<String> LICENSE_TYPE_ORDER = java.util.Comparator.comparingInt(
                    (String t) -> LICENSE_TYPES.indexOf(t) < 0 ? Integer.MAX_VALUE : LICENSE_TYPES.indexOf(t))
            .thenComparing(java.util.Comparator.naturalOrder());
    /** Status of anything with a validity window, revocation aside (spec §7.7). */
    public static final List<String> VALIDITY_STATUSES = List.of("FUTURE", "VALID", "EXPIRED");
    /** Status of an assignment: a validity status, or REVOKED once revoked (spec §2.1). */
    public static final List<String> ASSIGNMENT_STATUSES = List.of("FUTURE", "VALID", "EXPIRED", "REVOKED");
    /** Who a license or pool is for (spec §7.8). */
    public static final List<String> USAGE_TYPES = List.of("SELF", "ASSIGNED");
    /** Usage types of the calculator and mileage filters (spec E3, E6: {@code CalculatorFilterRequestDto}). */
    public static final List<String> CALCULATOR_USAGE_TYPES = List.of("SELF", "ASSIGNED", "UNKNOWN");
    /** Attention-note types (docs/decisions.md, Reports). */
    public static final List<String> ATTENTION_TYPES =
            List.of("SYNC_FAILED", "POOL_EXHAUSTED", "COMPLIANCE_GAP", "STOP_COURTESY", "LICENSE_EXPIRING");
    /** Which tenants an attention note addresses (spec §7.9). */
    public static final List<String> ATTENTION_TENANT_TYPES = List.of("MSP", "ALL");

    /**
     * Tenant kinds that hold pools and hand licenses out (docs/decisions.md, Assignments): an MSP of any
     * kind. Every other kind ({@code MSP_EC}, {@code MSP_REC}, {@code REC}) is a customer.
     */
    public static final java.util.Set<String> MSP_TENANT_TYPES =
            java.util.Set.of("MSP", "VAR", "MSP_NON_VAR", "MSP_INTEGRATOR", "MSP_INSTALLER");

    /** License types of the usage report (spec §7.5): the MSP's view of a current license type. */
    public static final List<String> USAGE_REPORT_LICENSE_TYPES =
            List.of("MSP_APSW", "MSP_URLF", "MSP_EDGE_SECS", "MSP_EDGE_SECL");

    private Vocabulary() {}

    /**
     * A license type as a client names it on an assignment create: the current name ({@code APSW}),
     * the MSP name the newer web UI sends ({@code MSP_APSW}), either with a {@code _TEMP} suffix that
     * means a trial ({@code MSP_APSW_TEMP}). Case-insensitive.
     *
     * @return the current name and whether the name said "trial"; null when it names no current type
     */
    public static LicenseTypeName licenseTypeName(String name) {
        if (name == null) {
            return null;
        }
        String n = name.trim().toUpperCase(java.util.Locale.ROOT);
        boolean trial = n.endsWith("_TEMP");
        String base = baseLicenseType(trial ? n.substring(0, n.length() - "_TEMP".length()) : n);
        return LICENSE_TYPES.contains(base) ? new LicenseTypeName(base, trial) : null;
    }

    /** A current license type and whether the name it was given by marked a trial. */
    public record LicenseTypeName(String licenseType, boolean trial) {}

    /**
     * The current license type a usage-report license type names ({@code MSP_APSW} is {@code APSW});
     * a current one is itself. Device usage and the reports key on the current names.
     */
    public static String baseLicenseType(String licenseType) {
        return licenseType != null && licenseType.startsWith("MSP_") ? licenseType.substring(4) : licenseType;
    }
}
