package dev.entitlements.common.tolerance;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Reads {@code Prefer: handling=strict} (RFC 7240) at the start of every request and confirms it
 * with {@code Preference-Applied}, also on the error answers it causes; {@link Tolerance} then
 * refuses what it would otherwise ignore.
 */
@ApplicationScoped
public class StrictPreference {

    public static final String PREFER = "Prefer";
    public static final String APPLIED = "Preference-Applied";
    public static final String STRICT = "handling=strict";

    void install(@Observes Router router) {
        router.route().order(-9_999).handler(this::read);
    }

    private void read(RoutingContext ctx) {
        if (isStrict(ctx.request().headers().getAll(PREFER))) {
            Tolerance.markStrict();
            ctx.response().putHeader(APPLIED, STRICT);
        }
        ctx.next();
    }

    /** Whether any {@code Prefer} header carries the {@code handling=strict} preference (tokens are case-insensitive). */
    static boolean isStrict(java.util.List<String> prefer) {
        for (String header : prefer) {
            for (String preference : header.split(",")) {
                String p = preference.split(";")[0].strip().replace(" ", "");
                if (p.equalsIgnoreCase(STRICT) || p.equalsIgnoreCase("handling=\"strict\"")) {
                    return true;
                }
            }
        }
        return false;
    }
}
