package dev.entitlements.common.tolerance;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.contract.error.ErrorCode;
import io.micrometer.core.instrument.Metrics;
import io.smallrye.common.vertx.ContextLocals;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The tolerant reader of docs/decisions.md, once for every endpoint: a name the endpoint does not know
 * (a body field, a filter key, a {@code fields} entry, a sort field it cannot sort on, a read-only
 * field sent back) is ignored, counted and logged at debug, because the vendor's own clients send
 * such names and the vendor's live API ignores them. A client that sends
 * {@code Prefer: handling=strict} (RFC 7240) gets a 400 naming the value and the allowed names
 * instead; {@link StrictPreference} reads the header and answers {@code Preference-Applied}.
 *
 * <p>The request's choice lives in the request's Vert.x duplicated context, so the JSON reader and
 * the query rules reach it without passing it through every signature; outside a request (unit
 * tests, consumers) the reader is tolerant.
 */
public final class Tolerance {

    /** The metric: {@code api_request_ignored_names_total{kind, name}}. */
    public static final String METRIC = "api.request.ignored.names";

    static final String STRICT_KEY = Tolerance.class.getName() + ".strict";

    private static final Logger LOG = Logger.getLogger(Tolerance.class);
    // the name is client input: only tame names become a tag, and only so many of them
    private static final Pattern TAME = Pattern.compile("[A-Za-z0-9_.\\[\\]-]{1,64}");
    private static final int MAX_NAMED = 200;
    private static final Set<String> NAMED = ConcurrentHashMap.newKeySet();
    private static final String OTHER = "_other";

    /** What kind of name was ignored: the metric's {@code kind} tag and the wording of the 400. */
    public enum Kind {
        FIELD("field"),
        FILTER("filters key"),
        FIELDS("fields entry"),
        SORT_FIELD("sortField"),
        PAGING("paging value");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private Tolerance() {}

    /** Whether the current request asked for {@code handling=strict}. */
    public static boolean strict() {
        try {
            Optional<Boolean> strict = ContextLocals.get(STRICT_KEY);
            return strict.orElse(false);
        } catch (UnsupportedOperationException | IllegalStateException e) {
            // a root context (no request being served): nothing asked for strictness
            return false;
        }
    }

    static void markStrict() {
        ContextLocals.put(STRICT_KEY, Boolean.TRUE);
    }

    /**
     * A name the endpoint does not take: ignored, or in strict mode a 400.
     *
     * @param allowed the names it takes, for the 400's suggestion
     * @throws ApiException 400 {@code UNKNOWN_FIELD} when the request is strict
     */
    public static void ignore(Kind kind, String name, Collection<String> allowed) {
        if (strict()) {
            throw new ApiException(
                    ErrorCode.UNKNOWN_FIELD,
                    "unknown " + kind.words + " '" + name + "'",
                    "allowed: " + allowed.stream().sorted().toList());
        }
        count(kind, name);
    }

    /**
     * A value outside what the endpoint takes that has a documented replacement (a page below 1, a
     * page size out of range): replaced, or in strict mode a 400.
     */
    public static void replace(String name, Object value, String expected) {
        if (strict()) {
            throw new ApiException(
                    ErrorCode.INVALID_VALUE, "'" + name + "' cannot be " + value, "expected " + expected);
        }
        count(Kind.PAGING, name);
    }

    private static void count(Kind kind, String name) {
        LOG.debugf("ignored %s '%s'", kind.words, name);
        String tag =
                TAME.matcher(name).matches() && (NAMED.contains(name) || NAMED.size() < MAX_NAMED && NAMED.add(name))
                        ? name
                        : OTHER;
        Metrics.counter(METRIC, "kind", kind.tag(), "name", tag).increment();
    }
}
