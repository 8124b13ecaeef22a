package dev.entitlements.security;

import dev.entitlements.contract.EventJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A valid request for every route of routes.txt, with the status it gets from an allowed caller of
 * the tenant whose data it names, and how the route treats {@code x-rks-tenantid}. The suites check
 * that this table covers the route table exactly, so a new route cannot go untested.
 */
final class Endpoints {

    /** How a route picks its tenant. */
    enum Tenancy {
        /** The token's tenant, or the customer named by {@code x-rks-tenantid} (an MSP's only; else 404). */
        DELEGATES,
        /** The token's tenant only: {@code x-rks-tenantid} naming another is 403. */
        OWN,
        /** The path names the tenant: {@code x-rks-tenantid} naming another is 400. */
        PATH
    }

    /** What to send: path with query, and body (null: none). */
    record Request(String path, String body) {}

    /**
     * @param success  status for an allowed caller of the family
     * @param namesIds whether the request names ids of the family (then another tenant gets 404)
     */
    record Endpoint(String route, int success, Tenancy tenancy, boolean namesIds, Function<Family, Request> request) {

        String method() {
            return route.substring(0, route.indexOf(' '));
        }

        boolean hasBody() {
            return !method().equals("GET") && !method().equals("DELETE");
        }
    }

    static final Map<String, Endpoint> ALL = new LinkedHashMap<>();

    static {
        add(
                "PATCH /entitlements",
                202,
                Tenancy.OWN,
                false,
                f -> new Request("/entitlements", "{\"refreshType\": \"FULL\"}"));
        add(
                "GET /entitlements/syncRequests/{requestId}",
                200,
                Tenancy.OWN,
                true,
                f -> new Request("/entitlements/syncRequests/" + f.syncRequest, null));
        add(
                "POST /licensing/purchases",
                200,
                Tenancy.OWN,
                false,
                f -> new Request(
                        "/licensing/purchases",
                        "["
                                + EventJson.write(f.purchase(
                                        "line-" + f.marker + "-hook",
                                        "CLD-APSW-1Y",
                                        1,
                                        (Family.TODAY.getYear() + 1) + "-06-30"))
                                + "]"));
        add("POST /entitlements/query", 200, Tenancy.DELEGATES, false, f -> new Request("/entitlements/query", "{}"));
        add("GET /mspEntitlements", 200, Tenancy.DELEGATES, false, f -> new Request("/mspEntitlements", null));
        // the deprecated endpoints (spec D1-D7); refresh=true is a sync of the caller's own account, like PATCH
        // /entitlements
        add(
                "GET /entitlements",
                200,
                Tenancy.DELEGATES,
                false,
                f -> new Request("/entitlements?licenseType=APSW", null));
        add(
                "GET /entitlements/summaries",
                200,
                Tenancy.DELEGATES,
                false,
                f -> new Request("/entitlements/summaries?refresh=false", null));
        add(
                "GET /entitlements/summaries?refresh=true",
                202,
                Tenancy.OWN,
                false,
                f -> new Request("/entitlements/summaries?refresh=true", null));
        add("GET /banners", 200, Tenancy.DELEGATES, false, f -> new Request("/banners?type=WIFI", null));
        add(
                "GET /mspEntitlements/summaries",
                200,
                Tenancy.DELEGATES,
                false,
                f -> new Request("/mspEntitlements/summaries", null));
        add(
                "GET /mspEntitlements/summaries?refresh=true",
                202,
                Tenancy.OWN,
                false,
                f -> new Request("/mspEntitlements/summaries?refresh=true", null));
        add(
                "GET /assignments/summaries",
                200,
                Tenancy.DELEGATES,
                false,
                f -> new Request("/assignments/summaries", null));
        add(
                "DELETE /assignments",
                200,
                Tenancy.DELEGATES,
                true,
                f -> new Request(
                        "/assignments",
                        "[{\"assignmentId\": " + f.assign("/tenants/self/entitlements/assignments") + "}]"));
        add(
                "POST /entitlements/banners/query",
                200,
                Tenancy.DELEGATES,
                false,
                f -> new Request("/entitlements/banners/query", "{}"));
        add(
                "POST /entitlements/attentionNotes/query",
                200,
                Tenancy.DELEGATES,
                false,
                f -> new Request("/entitlements/attentionNotes/query", "{}"));
        add(
                "GET /entitlements/settings",
                200,
                Tenancy.DELEGATES,
                false,
                f -> new Request("/entitlements/settings", null));
        add(
                "PATCH /entitlements/settings",
                200,
                Tenancy.DELEGATES,
                false,
                f -> new Request(
                        "/entitlements/settings",
                        "[{\"featureType\": \"SLTN_PI_NET\", \"maxQuantity\": 40, \"enabled\": true, \"capped\": true}]"));
        add(
                "GET /audit/events",
                200,
                Tenancy.DELEGATES,
                false,
                f -> new Request("/audit/events?from=" + Family.TODAY.minusDays(1) + "&pageSize=50", null));
        add(
                "POST /tenants/self/entitlements/assignments",
                201,
                Tenancy.DELEGATES,
                false,
                f -> new Request("/tenants/self/entitlements/assignments", Family.assignmentBody()));
        add(
                "POST /tenants/self/entitlements/assignments/query",
                200,
                Tenancy.DELEGATES,
                false,
                f -> new Request("/tenants/self/entitlements/assignments/query", "{}"));
        add(
                "PATCH /tenants/self/entitlements/assignments/{id}",
                200,
                Tenancy.DELEGATES,
                true,
                f -> new Request(
                        "/tenants/self/entitlements/assignments/" + f.assign("/tenants/self/entitlements/assignments"),
                        Family.replacementBody()));
        add(
                "DELETE /tenants/self/entitlements/assignments/{id}",
                204,
                Tenancy.DELEGATES,
                true,
                f -> new Request(
                        "/tenants/self/entitlements/assignments/" + f.assign("/tenants/self/entitlements/assignments"),
                        null));
        add(
                "POST /tenants/{tenantId}/entitlements/assignments",
                201,
                Tenancy.PATH,
                true,
                f -> new Request("/tenants/" + f.customer + "/entitlements/assignments", Family.assignmentBody()));
        add(
                "POST /tenants/{tenantId}/entitlements/assignments/query",
                200,
                Tenancy.PATH,
                true,
                f -> new Request("/tenants/" + f.customer + "/entitlements/assignments/query", "{}"));
        add(
                "PATCH /tenants/{tenantId}/entitlements/assignments/{id}",
                200,
                Tenancy.PATH,
                true,
                f -> new Request(
                        "/tenants/" + f.customer + "/entitlements/assignments/"
                                + f.assign("/tenants/" + f.customer + "/entitlements/assignments"),
                        Family.replacementBody()));
        add(
                "DELETE /tenants/{tenantId}/entitlements/assignments/{id}",
                204,
                Tenancy.PATH,
                true,
                f -> new Request(
                        "/tenants/" + f.customer + "/entitlements/assignments/"
                                + f.assign("/tenants/" + f.customer + "/entitlements/assignments"),
                        null));
        add(
                "POST /entitlements/capacityTimelines/query",
                200,
                Tenancy.DELEGATES,
                false,
                f -> new Request(
                        "/entitlements/capacityTimelines/query", "{\"filters\": {\"licenseType\": \"APSW\"}}"));
        add(
                "POST /entitlements/utilizations/query",
                200,
                Tenancy.DELEGATES,
                false,
                f -> new Request("/entitlements/utilizations/query", "{}"));
        add(
                "POST /entitlements/compliances/query",
                200,
                Tenancy.DELEGATES,
                false,
                f -> new Request("/entitlements/compliances/query", "{\"filters\": {}}"));
        add(
                "POST /entitlements/availabilityReports/query",
                200,
                Tenancy.DELEGATES,
                false,
                f -> new Request(
                        "/entitlements/availabilityReports/query",
                        "{\"operator\": \"MAX_QUANTITY\", \"effectiveDate\": \""
                                + Family.TODAY + "\", \"expirationDate\": \"" + Family.TODAY.plusDays(10)
                                + "\", \"filters\": {\"usageType\": \"ASSIGNED\", \"licenseType\": \"APSW\"}}"));
        add(
                "POST /entitlements/mileageReports/query",
                200,
                Tenancy.DELEGATES,
                false,
                f -> new Request(
                        "/entitlements/mileageReports/query",
                        "{\"filters\": {\"usageType\": \"ASSIGNED\", \"licenseType\": \"APSW\"}}"));
        add(
                "GET /entitlements/licenseUsageReports",
                200,
                Tenancy.OWN,
                false,
                f -> new Request(
                        "/entitlements/licenseUsageReports?startDate=" + Family.TODAY.minusDays(7) + "&endDate="
                                + Family.TODAY,
                        null));
    }

    private static void add(
            String route, int success, Tenancy tenancy, boolean namesIds, Function<Family, Request> request) {
        ALL.put(route, new Endpoint(route, success, tenancy, namesIds, request));
    }

    private Endpoints() {}
}
