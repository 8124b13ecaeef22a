package dev.entitlements.entitlement.entitlements.repository;

import java.util.Map;
import java.util.TreeMap;

/**
 * Display name and description of each license type (spec §7.1): what {@code licenseName} and
 * {@code licenseDesc} show. Written into the query as SQL, so both sort and page in the database.
 */
final class LicenseTypes {

    private static final Map<String, String[]> TYPES = new TreeMap<>(Map.of(
            "APSW", new String[] {"Access point and switch", "Device subscription for access points and switches"},
            "URLF", new String[] {"URL filtering", "URL-filtering subscription"},
            "EDGE_SECS", new String[] {"Edge security S", "RUCKUS Edge security subscription, S"},
            "EDGE_SECL", new String[] {"Edge security L", "RUCKUS Edge security subscription, L"},
            "SLTN_TOKEN", new String[] {"Solution tokens", "Tokens consumed by solution features"}));

    private LicenseTypes() {}

    /** The name of the license type in {@code column}; an unknown type is its own name. */
    static String nameSql(String column) {
        return caseSql(column, 0, column);
    }

    /** The description of the license type in {@code column}; null for an unknown type. */
    static String descriptionSql(String column) {
        return caseSql(column, 1, "NULL");
    }

    private static String caseSql(String column, int part, String otherwise) {
        StringBuilder sql = new StringBuilder("CASE ").append(column);
        TYPES.forEach((type, text) ->
                sql.append(" WHEN ").append(literal(type)).append(" THEN ").append(literal(text[part])));
        return sql.append(" ELSE ").append(otherwise).append(" END").toString();
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
