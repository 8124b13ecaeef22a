package dev.entitlements.common.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Adds the deprecation headers to every answer of a {@link DeprecatedEndpoint}.
 * <p>
 * {@code Sunset} is one date for everything this platform still serves in a deprecated form
 * (docs/decisions.md, Deprecated endpoints): the vendor's "not before" dates have passed, and a sunset in
 * the past would tell clients the endpoint may vanish any moment. It is configured once,
 * {@value #SUNSET_PROPERTY} (default {@value #DEFAULT_SUNSET}); once that day has come without a
 * new date being configured, the header is left out rather than sent with a date in the past.
 */
@Provider
@DeprecatedEndpoint
public class DeprecationHeaders implements ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(DeprecationHeaders.class);
    /** The configuration property naming the sunset day, {@code yyyy-MM-dd} (UTC). */
    public static final String SUNSET_PROPERTY = "entitlements.deprecation.sunset";

    public static final String DEFAULT_SUNSET = "2027-12-31";

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        DeprecatedEndpoint d = resource.getResourceMethod().getAnnotation(DeprecatedEndpoint.class);
        if (d == null) {
            d = resource.getResourceClass().getAnnotation(DeprecatedEndpoint.class);
        }
        if (d == null) {
            return;
        }
        add(response.getHeaders(), d.since(), d.successor());
    }
    /**
     * Writes the deprecation headers: also for one deprecated media type of an endpoint that is not
     * deprecated as a whole (the resource calls this for the answers in that type).
     *
     * @param since     {@code yyyy-MM-dd}, or empty; {@code successor} a path or empty
     */
    public static void add(MultivaluedMap<String, Object> headers, String since, String successor) {
        if (!since.isEmpty()) {
            // RFC 9745: a structured-field date, seconds since the epoch
            headers.putSingle(
                    "Deprecation",
                    "@" + LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toEpochSecond());
        }
        sunset().ifPresent(value -> headers.putSingle("Sunset", value));
        if (!successor.isEmpty()) {
            headers.add("Link", "<" + successor + ">; rel=\"successor-version\"");
        }
    }

    /** The {@code Sunset} value (RFC 8594, an HTTP date) of the configured day; empty once that day has come. */
    public static Optional<String> sunset() {
        String configured = ConfigProvider.getConfig()
                .getOptionalValue(SUNSET_PROPERTY, String.class)
                .orElse(DEFAULT_SUNSET);
        return sunset(configured, LocalDate.now(ZoneOffset.UTC));
    }

    static Optional<String> sunset(String configured, LocalDate today) {
        LocalDate day;
        try {
            day = LocalDate.parse(configured.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalStateException(SUNSET_PROPERTY + " must be a yyyy-MM-dd date, is '" + configured + "'", e);
        }
        if (!day.isAfter(today)) {
            LOG.warnf(
                    "%s %s has come: the Sunset header is left out; configure a later day or remove the deprecated endpoints",
                    SUNSET_PROPERTY, day);
            return Optional.empty();
        }
        return Optional.of(DateTimeFormatter.RFC_1123_DATE_TIME.format(day.atStartOfDay(ZoneOffset.UTC)));
    }
}
