package dev.entitlements.contract;

import java.util.List;

/**
 * The enumerations of the API and the events (spec §7), named once: request validation, event
 * schemas and tests read them from here.
 */
public final class Vocabulary {

    /** Current license types (spec §7.1). */
    public static final List<String> LICENSE_TYPES = List.of("UNKNOWN", "APSW", "URLF", "EDGE_SECS", "EDGE_SECL", "SLTN_TOKEN");
    /** Status of anything with a validity window, revocation aside (spec §7.7). */
    public static final List<String> VALIDITY_STATUSES = List.of("FUTURE", "VALID", "EXPIRED");
    /** Status of an assignment: a validity status, or REVOKED once revoked (spec §2.1). */
    public static final List<String> ASSIGNMENT_STATUSES = List.of("FUTURE", "VALID", "EXPIRED", "REVOKED");
    /** Who a license or pool is for (spec §7.8). */
    public static final List<String> USAGE_TYPES = List.of("SELF", "ASSIGNED");
    /** Attention-note types (DECISIONS.md, Reports). */
    public static final List<String> ATTENTION_TYPES = List.of("SYNC_FAILED", "POOL_EXHAUSTED", "COMPLIANCE_GAP", "STOP_COURTESY",
            "LICENSE_EXPIRING");
    /** Which tenants an attention note addresses (spec §7.9). */
    public static final List<String> ATTENTION_TENANT_TYPES = List.of("MSP", "ALL");

    private Vocabulary() {
    }
}
