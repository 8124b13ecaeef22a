package dev.entitlements.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.entitlements.contract.TokenClaims.Roles;
import dev.entitlements.infra.DemoData;
import dev.entitlements.infra.KeycloakServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console in a real browser (Debian's headless Chromium), on the demo world of {@code ./run}
 * published into the shared stack: an MSP admin and a customer admin sign in through the development
 * login (authorization code + PKCE), walk every page, and the numbers the pages show are the API's for
 * the same tenant; a read-only user is not offered the admin pages. Every page passes axe-core's WCAG 2.1 A/AA rules (no serious or critical
 * violation) and is photographed into {@code target/console/} (the pictures of docs/console.md).
 */
class ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHOTS = Path.of("target/console");
    private static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();
    /** Chromium reports every non-2xx fetch as a console error; the 402 and 404s the test provokes are expected. */
    private static final Pattern EXPECTED_ERRORS = Pattern.compile(".*Failed to load resource.*status of (402|404).*");

    private static PlatformStack stack;
    private static Api api;
    private static String mspToken;
    private static String customerToken;

    @BeforeAll
    static void demoWorld() {
        stack = PlatformStack.shared();
        api = new Api(stack.gatewayUrl());
        DemoData.publish(stack.bootstrapServers());
        mspToken = stack.issuer()
                .mint("admin@msp-demo", DemoData.MSP, "MSP", List.of(Roles.PRIME_ADMIN), Duration.ofMinutes(30));
        customerToken = stack.issuer()
                .mint("admin@ec-alpha", DemoData.ALPHA, "MSP_EC", List.of(Roles.ADMIN), Duration.ofMinutes(30));
        DemoData.assign(stack.gatewayUrl(), mspToken, Duration.ofSeconds(180), m -> {});
        // the demo assignments (120 APSW) have reached the reports: the pages and the API then read the same state
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    JsonNode u = post(
                            mspToken, "/entitlements/utilizations/query", "{\"filters\":{\"usageType\":\"ASSIGNED\"}}");
                    for (JsonNode row : u.path("data")) {
                        if (row.path("licenseType").asText().equals("APSW")
                                && !row.path("isTrial").asBoolean()) {
                            return row.path("usedQuantity").asLong() >= 120;
                        }
                    }
                    return false;
                });
    }

    @Test
    void anMspAdminWalksEveryPageAndSeesTheApisNumbers() throws Exception {
        try (Browser b = new Browser(SHOTS, 1366, 900)) {
            signIn(b, KeycloakServer.Demo.MSP_ADMIN, KeycloakServer.Demo.ADMIN_PASSWORD, DemoData.MSP);

            page(b, "overview");
            JsonNode utilization =
                    post(mspToken, "/entitlements/utilizations/query", "{\"filters\":{\"usageType\":\"ASSIGNED\"}}");
            assertTrue(utilization.path("data").size() > 0);
            for (JsonNode u : utilization.path("data")) {
                assertEquals(
                        List.of(
                                u.path("quantity").asText(),
                                u.path("usedQuantity").asText(),
                                u.path("usedQuantityForOwnAssignment").asText(),
                                u.path("remainingLicenses").asText()),
                        values(
                                b,
                                "#utilization-table tr[data-id='"
                                        + u.path("licenseType").asText() + ":"
                                        + u.path("isTrial").asBoolean() + "']"),
                        "utilization of " + u.path("licenseType").asText());
            }
            b.await(By.id("compliance-customers-table"));
            String overview = b.driver().getPageSource();
            assertTrue(
                    overview.contains(DemoData.ALPHA) && overview.contains(DemoData.BETA),
                    "the MSP sees its customers");
            shot(b, "msp-overview");

            page(b, "timeline");
            assertTimelineIsTheApis(
                    b,
                    mspToken,
                    TODAY,
                    LocalDate.now(ZoneOffset.UTC).plusYears(3).toString());
            assertFalse(b.rows(By.id("timeline-cliffs")).isEmpty(), "the demo pools end at different dates: cliffs");
            assertFalse(b.rows(By.id("renewals-table")).isEmpty(), "renewals by quarter");
            shot(b, "msp-timeline");

            page(b, "pools");
            JsonNode pools = post(mspToken, "/entitlements/query", "{\"filters\":{\"usageType\":\"ASSIGNED\"}}");
            b.until(d -> !d.findElements(By.cssSelector("#pools-table tbody tr[data-id]"))
                    .isEmpty());
            assertEquals(
                    Math.min(
                            pools.path("totalCount").asInt(),
                            b.rows(By.id("pools-table")).size()),
                    b.rows(By.id("pools-table")).size());
            WebElement sort = b.driver().findElement(By.cssSelector("#pools-table button[data-sort='quantity']"));
            sort.click();
            b.until(d -> d.findElement(By.cssSelector("#pools-table button[data-sort='quantity']"))
                            .findElement(By.xpath("./ancestor::th"))
                            .getAttribute("aria-sort")
                    != null);
            shot(b, "msp-pools");
            b.driver().findElement(By.id("refresh")).click();
            b.until(d -> {
                String s = d.findElement(By.id("refresh-status")).getText();
                return s.contains("SUCCEEDED") || s.contains("FAILED") ? s : null;
            });
            assertTrue(
                    b.driver().findElement(By.id("refresh-status")).getText().contains("SUCCEEDED"),
                    b.driver().findElement(By.id("refresh-status")).getText());
            accessible(b, "pools after a refresh");

            page(b, "assignments");
            String id = createWithPreviewAndRefusal(b);
            shot(b, "msp-assignments");
            String replacement = edit(b, id);
            revoke(b, replacement);
            activityOfTheAssignment(b, id, replacement);

            page(b, "mileage");
            b.until(d -> !d.findElements(By.cssSelector("#mileage-table tbody tr[data-id]"))
                    .isEmpty());
            shot(b, "msp-mileage");

            page(b, "usage");
            b.until(d -> !d.findElements(By.cssSelector("#usage-table tbody tr[data-id]"))
                    .isEmpty());
            String csv = downloadCsv(b);
            String start = b.driver().findElement(By.id("u-start")).getAttribute("value");
            String end = b.driver().findElement(By.id("u-end")).getAttribute("value");
            Api.Answer expected = api.call(
                    "GET",
                    "/entitlements/licenseUsageReports?startDate=" + start + "&endDate=" + end,
                    mspToken,
                    null,
                    Map.of("Accept", "text/csv"));
            assertEquals(200, expected.status(), expected.body());
            assertEquals(expected.body(), csv, "the downloaded CSV is the API's");
            assertTrue(csv.lines().count() > 2, "a header and rows: " + csv);
            for (List<String> row : b.rows(By.id("usage-table"))) {
                assertTrue(csv.contains(row.get(0)), "the page's day " + row.get(0) + " is in the CSV");
            }
            shot(b, "msp-usage");

            page(b, "settings");
            b.await(By.cssSelector("fieldset[data-feature]"));
            shot(b, "msp-settings");
        }
    }

    @Test
    void aCustomerAdminSeesItsOwnLicensesAndNoMspPageOrData() throws Exception {
        try (Browser b = new Browser(SHOTS, 1024, 768)) {
            signIn(b, KeycloakServer.Demo.EC_ADMIN, KeycloakServer.Demo.ADMIN_PASSWORD, DemoData.ALPHA);
            List<String> nav = nav(b);
            assertFalse(nav.contains("#/pools") || nav.contains("#/usage"), "MSP-only pages in the nav: " + nav);
            assertTrue(
                    nav.contains("#/licenses") && nav.contains("#/timeline") && nav.contains("#/activity"),
                    nav.toString());

            page(b, "overview");
            assertTrue(b.driver().findElements(By.id("compliance-table")).isEmpty(), "no compliance of customers");
            noOtherTenant(b, "overview");
            shot(b, "customer-overview");

            page(b, "timeline");
            assertTimelineIsTheApis(
                    b,
                    customerToken,
                    TODAY,
                    LocalDate.now(ZoneOffset.UTC).plusYears(1).toString());
            noOtherTenant(b, "timeline");
            shot(b, "customer-timeline");

            for (String p : List.of("licenses", "assignments", "mileage")) {
                page(b, p);
                noOtherTenant(b, p);
            }
            assertTrue(
                    b.driver().findElements(By.cssSelector("#assignment-form")).isEmpty(),
                    "a customer creates nothing");

            ownActivity(b);

            b.open(stack.consoleUrl() + "#/pools");
            b.awaitText(By.tagName("main"), "Page not available");
            assertTrue(b.driver().findElements(By.id("pools-table")).isEmpty());
        }
    }

    @Test
    void aReadOnlyUserIsNotOfferedTheActivityPage() {
        String viewer = stack.issuer()
                .mint(KeycloakServer.Demo.VIEWER, DemoData.MSP, "MSP", List.of(Roles.READ_ONLY), Duration.ofMinutes(5));
        assertEquals(
                403, api.call("GET", "/audit/events", viewer, null, Map.of()).status(), "the API refuses it");
        try (Browser b = new Browser(SHOTS, 1366, 768)) {
            signIn(b, KeycloakServer.Demo.VIEWER, KeycloakServer.Demo.VIEWER_PASSWORD, DemoData.MSP);
            List<String> nav = nav(b);
            assertTrue(nav.contains("#/overview"), nav.toString());
            assertFalse(nav.contains("#/activity") || nav.contains("#/settings"), "admin pages in the nav: " + nav);
            b.open(stack.consoleUrl() + "#/activity");
            b.awaitText(By.tagName("main"), "Page not available");
            assertTrue(b.driver().findElements(By.id("audit-table")).isEmpty());
            accessible(b, "activity, not available");
        }
    }

    // ---- the flows

    private static void signIn(Browser b, String user, String password, String tenant) {
        b.open(stack.consoleUrl());
        b.await(By.id("sign-in")).click();
        // the development login page of the issuer (another origin), then back to the console
        b.await(By.id("username")).sendKeys(user);
        b.driver().findElement(By.id("password")).sendKeys(password);
        accessible(b, "the development login page");
        b.driver().findElement(By.id("kc-login")).click();
        b.awaitText(By.id("whoami"), tenant);
        assertFalse(b.driver().getCurrentUrl().contains("code="), "the code is gone from the address bar");
    }

    /** Opens a page by its nav link, waits until it has loaded, checks it is accessible and error free. */
    private static void page(Browser b, String name) {
        b.driver().findElement(By.cssSelector("nav a[href='#/" + name + "']")).click();
        b.until(d -> !d.findElements(By.cssSelector("main .page[data-page='" + name + "']"))
                        .isEmpty()
                && d.findElements(By.cssSelector("main .loading")).isEmpty());
        accessible(b, name);
    }

    private static void accessible(Browser b, String page) {
        b.accessibility(page);
        List<String> errors = new ArrayList<>(b.scriptErrors());
        errors.removeIf(e -> EXPECTED_ERRORS.matcher(e).matches());
        assertEquals(List.of(), errors, page + ": JavaScript errors");
    }

    private static void shot(Browser b, String name) {
        b.screenshot("console-" + name);
    }

    /**
     * Shows the paid APSW timeline from {@code from} to {@code to}: its segments (capacity, committed,
     * headroom) are the API's for the same filters and the token's tenant.
     */
    private static void assertTimelineIsTheApis(Browser b, String token, String from, String to) {
        showTimeline(b, from, to);
        assertEquals(
                apiSegments(
                        token,
                        "{\"filters\":{\"licenseType\":\"APSW\",\"isTrial\":false,\"from\":\"" + from + "\",\"to\":\""
                                + to + "\"}}"),
                pageSegments(b),
                "capacity timeline from " + from + " to " + to + ": capacity, committed, headroom per segment");
    }

    private static void showTimeline(Browser b, String from, String to) {
        new Select(b.driver().findElement(By.id("tl-license-type"))).selectByValue("APSW");
        WebElement trial = b.driver().findElement(By.id("tl-trial"));
        if (trial.isSelected()) {
            trial.click();
        }
        setValue(b, "tl-from", from);
        setValue(b, "tl-to", to);
        b.driver().findElement(By.id("tl-show")).click();
        b.until(d ->
                !d.findElements(By.cssSelector("#timeline-segments tbody tr")).isEmpty()
                        && d.findElements(By.cssSelector("main .loading")).isEmpty());
        accessible(b, "timeline with its charts");
    }

    /**
     * The create form: the preview shows the API's availability for the dates, a quantity beyond the
     * pools is refused with the API's 402 message as written, then one license is created. Returns its id.
     */
    private static String createWithPreviewAndRefusal(Browser b) {
        String until = LocalDate.now(ZoneOffset.UTC).plusDays(180).toString();
        new Select(b.await(By.id("a-tenant"))).selectByValue(DemoData.BETA);
        new Select(b.driver().findElement(By.id("a-license-type"))).selectByValue("APSW");
        setValue(b, "a-effective", TODAY);
        setValue(b, "a-expiration", until);
        setValue(b, "a-quantity", "1");
        String max = b.until(d -> {
            String v = d.findElement(By.id("preview-max-quantity")).getAttribute("data-value");
            return v == null || v.isBlank() ? null : v;
        });
        JsonNode report = post(
                mspToken,
                "/entitlements/availabilityReports/query",
                "{\"operator\":\"MAX_QUANTITY\",\"effectiveDate\":\"" + TODAY + "\",\"expirationDate\":\"" + until
                        + "\",\"filters\":{\"usageType\":\"ASSIGNED\",\"licenseType\":\"APSW\"}}");
        assertEquals(List.of(max), report.findValuesAsText("quantity"), "the preview is the API's: " + report);

        String tooMany = "{\"licenseType\":\"APSW\",\"quantity\":100000,\"effectiveDate\":\"" + TODAY
                + "\",\"expirationDate\":\"" + until + "\",\"isTrial\":false}";
        Api.Answer refused = api.call(
                "POST", "/tenants/" + DemoData.BETA + "/entitlements/assignments", mspToken, tooMany, Map.of());
        assertEquals(402, refused.status(), refused.body());
        JsonNode error = json(refused.body()).path("errors").path(0);
        setValue(b, "a-quantity", "100000");
        b.driver().findElement(By.id("a-submit")).click();
        String shown = b.awaitText(By.id("form-error"), "at most");
        for (String part : List.of("message", "reason", "suggestion")) {
            assertTrue(
                    shown.contains(error.path(part).asText()),
                    "the API's " + part + " as written: " + error.path(part).asText() + " in " + shown);
        }
        accessible(b, "assignments with the 402 message");
        shot(b, "msp-assignment-refused");

        setValue(b, "a-quantity", "1");
        b.driver().findElement(By.id("a-submit")).click();
        String created = b.awaitText(By.id("form-result"), "created");
        Matcher m = Pattern.compile("Assignment (\\S+) created").matcher(created);
        assertTrue(m.find(), created);
        return m.group(1);
    }

    /**
     * The edit dialog (accessible while open): quantity 1 → 2 and a later end. The API replaces the
     * assignment (the old one REVOKED, a new id with the new values) and the list shows the replacement.
     * Returns the new id.
     */
    private static String edit(Browser b, String id) {
        String until = LocalDate.now(ZoneOffset.UTC).plusDays(200).toString();
        By row = By.cssSelector("#assignments-table tr[data-id='" + id + "']");
        b.await(row).findElement(By.cssSelector("button.edit")).click();
        b.await(By.id("edit-dialog"));
        assertEquals("1", b.driver().findElement(By.id("e-quantity")).getAttribute("value"), "opens on the quantity");
        setValue(b, "e-quantity", "2");
        setValue(b, "e-expiration", until);
        accessible(b, "the edit dialog");
        b.driver().findElement(By.id("confirm-edit")).click();
        b.until(d -> !d.findElement(By.id("edit-dialog")).isDisplayed()
                && d.findElements(row).isEmpty());

        JsonNode all = post(
                mspToken,
                "/tenants/" + DemoData.BETA + "/entitlements/assignments/query",
                "{\"pageSize\":1000,\"filters\":{}}");
        List<String> replacements = new ArrayList<>();
        for (JsonNode a : all.path("data")) {
            String status = a.path("status").asText();
            if (a.path("id").asText().equals(id)) {
                assertEquals("REVOKED", status, "the edited assignment is replaced: " + a);
            } else if (a.path("quantity").asInt() == 2
                    && day(a.path("expirationDate").asText()).equals(until)
                    && (status.equals("VALID") || status.equals("FUTURE"))) {
                replacements.add(a.path("id").asText());
            }
        }
        assertEquals(1, replacements.size(), "one assignment of 2 until " + until + " in " + all);
        String replacement = replacements.get(0);
        WebElement shown = b.await(By.cssSelector("#assignments-table tr[data-id='" + replacement + "']"));
        assertEquals(List.of("2"), values(b, "#assignments-table tr[data-id='" + replacement + "']"));
        assertTrue(shown.getText().contains(until), "the list shows the new end: " + shown.getText());
        return replacement;
    }

    /** The UTC day of an API instant. */
    private static String day(String instant) {
        return Instant.parse(instant).atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    /**
     * The activity page after create, edit and revoke: its rows are the API's first page of the MSP's
     * trail with those three writes on top, newest first; filtered by actor and day, and for a managed
     * customer (x-rks-tenantid, which does not hold the MSP's assignments), still the API's rows.
     */
    private static void activityOfTheAssignment(Browser b, String id, String replacement) {
        awaitActivity(mspToken, "assignment.revoked", replacement);
        page(b, "activity");
        List<List<String>> rows = pageActivity(b);
        assertEquals(apiActivity(mspToken, null, ""), rows, "the MSP's trail is the API's first page");
        String me = KeycloakServer.Demo.MSP_ADMIN;
        assertEquals(
                List.of(
                        List.of(me, "assignment.revoked", "assignment", replacement),
                        List.of(me, "assignment.updated", "assignment", id),
                        List.of(me, "assignment.created", "assignment", id)),
                rows.subList(0, 3).stream().map(r -> r.subList(1, 5)).toList(),
                "create, edit (under the replaced id) and revoke, newest first");
        shot(b, "msp-audit");

        b.driver().findElement(By.id("au-actor")).sendKeys(me);
        setValue(b, "au-from", TODAY);
        setValue(b, "au-to", TODAY);
        showActivity(b);
        assertEquals(
                apiActivity(
                        mspToken,
                        null,
                        "&actor=" + URLEncoder.encode(me, StandardCharsets.UTF_8) + "&from=" + TODAY + "&to=" + TODAY),
                pageActivity(b),
                "filtered by actor and day");

        new Select(b.driver().findElement(By.id("au-tenant"))).selectByValue(DemoData.ALPHA);
        for (String filter : List.of("au-actor", "au-from", "au-to")) {
            setValue(b, filter, "");
        }
        showActivity(b);
        List<List<String>> customer = pageActivity(b);
        assertEquals(apiActivity(mspToken, DemoData.ALPHA, ""), customer, "a customer's trail, as the API reads it");
        assertTrue(
                customer.stream().noneMatch(r -> r.get(4).equals(id) || r.get(4).equals(replacement)),
                "the MSP's assignments are in its own trail: " + customer);
        accessible(b, "a customer's activity");
    }

    /**
     * The customer admin saves a cap as it is (a write the trail records, nothing changed) and reads its
     * own trail: the API's rows, that write on top, no tenant choice.
     */
    private static void ownActivity(Browser b) {
        page(b, "settings");
        WebElement save = b.await(By.cssSelector("fieldset[data-feature] button[id$='-save']"));
        String feature = save.findElement(By.xpath("./ancestor::fieldset")).getAttribute("data-feature");
        save.click();
        b.awaitText(By.id("settings-status"), "Saved " + feature);
        awaitActivity(customerToken, "settings.updated", feature);
        page(b, "activity");
        List<List<String>> rows = pageActivity(b);
        assertEquals(apiActivity(customerToken, null, ""), rows, "the customer's own trail is the API's");
        assertEquals(
                List.of(KeycloakServer.Demo.EC_ADMIN, "settings.updated", "usageSetting", feature),
                rows.get(0).subList(1, 5));
        assertTrue(b.driver().findElements(By.id("au-tenant")).isEmpty(), "a customer reads no other trail");
        noOtherTenant(b, "activity");
    }

    private static void showActivity(Browser b) {
        b.driver().findElement(By.id("au-show")).click();
        b.until(d -> !d.findElements(By.id("audit-table")).isEmpty()
                && d.findElements(By.cssSelector("main .loading")).isEmpty());
    }

    /** The trail is a read model fed by events: waits until the write has reached it. */
    private static void awaitActivity(String token, String action, String resourceId) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> apiActivity(token, null, "").stream()
                        .anyMatch(r -> r.get(2).equals(action) && r.get(4).equals(resourceId)));
    }

    private static void revoke(Browser b, String id) {
        new Select(b.driver().findElement(By.id("list-tenant"))).selectByValue(DemoData.BETA);
        By row = By.cssSelector("#assignments-table tr[data-id='" + id + "']");
        b.await(row).findElement(By.cssSelector("button.revoke")).click();
        b.await(By.id("confirm-revoke")).click();
        b.until(d ->
                d.findElements(row).isEmpty() || d.findElement(row).getText().contains("REVOKED"));
        Api.Answer gone = api.call(
                "POST",
                "/tenants/" + DemoData.BETA + "/entitlements/assignments/query",
                mspToken,
                "{\"filters\":{\"status\":[\"VALID\",\"FUTURE\"]}}",
                Map.of());
        assertFalse(
                gone.body().contains("\"id\":" + id + ",") || gone.body().contains("\"id\":\"" + id + "\""),
                "revoked in the API too: " + gone.body());
    }

    private static String downloadCsv(Browser b) throws Exception {
        b.driver().findElement(By.id("download-csv")).click();
        Path file = b.downloads().resolve("usage-report.csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file) && Files.size(file) > 0);
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static void noOtherTenant(Browser b, String page) {
        String html = b.driver().getPageSource();
        for (String other : List.of(DemoData.BETA, "Beta Schools")) {
            assertFalse(html.contains(other), page + " shows the customer " + other + "'s data");
        }
    }

    // ---- reading the page and the API

    private static List<String> nav(Browser b) {
        return b.driver().findElements(By.cssSelector("nav a")).stream()
                .map(a -> a.getAttribute("href").replaceAll(".*#", "#"))
                .toList();
    }

    /** The activity page's rows as [audit id, actor, action, resource, resource id]. */
    private static List<List<String>> pageActivity(Browser b) {
        return b.driver().findElements(By.cssSelector("#audit-table tbody tr[data-id]")).stream()
                .map(r -> {
                    List<String> cells = r.findElements(By.cssSelector("th, td")).stream()
                            .map(c -> c.getText().strip())
                            .toList();
                    return List.of(r.getAttribute("data-id"), cells.get(1), cells.get(2), cells.get(3), cells.get(4));
                })
                .toList();
    }

    /** The API's first page of a trail (the page's default size), in the page's shape ("—" for no resource id). */
    private static List<List<String>> apiActivity(String token, String tenant, String filters) {
        Map<String, String> headers = tenant == null ? Map.of() : Map.of("x-rks-tenantid", tenant);
        Api.Answer a = api.call("GET", "/audit/events?page=1&pageSize=20" + filters, token, null, headers);
        assertEquals(200, a.status(), a.body());
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode e : json(a.body()).path("data")) {
            rows.add(List.of(
                    e.path("auditId").asText(),
                    e.path("subject").asText(),
                    e.path("action").asText(),
                    e.path("resourceType").asText(),
                    e.hasNonNull("resourceId") ? e.path("resourceId").asText() : "—"));
        }
        return rows;
    }

    private static void setValue(Browser b, String id, String value) {
        b.script(
                "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
                        + " e.dispatchEvent(new Event('input', {bubbles: true}));"
                        + " e.dispatchEvent(new Event('change', {bubbles: true}));",
                id,
                value);
    }

    /** The plain numbers of a row ({@code data-value} cells), in column order. */
    private static List<String> values(Browser b, String rowSelector) {
        return b
                .driver()
                .findElement(By.cssSelector(rowSelector))
                .findElements(By.cssSelector(".num[data-value]"))
                .stream()
                .map(c -> c.getAttribute("data-value"))
                .toList();
    }

    private static List<List<Long>> pageSegments(Browser b) {
        return b.driver().findElements(By.cssSelector("#timeline-segments tbody tr")).stream()
                .map(r -> r.findElements(By.cssSelector(".num[data-value]")).stream()
                        .map(c -> Long.parseLong(c.getAttribute("data-value")))
                        .toList())
                .toList();
    }

    private static List<List<Long>> apiSegments(String token, String body) {
        JsonNode answer = post(token, "/entitlements/capacityTimelines/query", body);
        List<List<Long>> segments = new ArrayList<>();
        for (JsonNode t : answer.path("data")) {
            for (JsonNode s : t.path("segments")) {
                segments.add(List.of(
                        s.path("capacity").asLong(),
                        s.path("committed").asLong(),
                        s.path("headroom").asLong()));
            }
        }
        assertFalse(segments.isEmpty(), "no segment in " + answer);
        return segments;
    }

    private static JsonNode post(String token, String path, String body) {
        Api.Answer a = api.call("POST", path, token, body, Map.of());
        assertEquals(200, a.status(), path + ": " + a.body());
        return json(a.body());
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
