package dev.entitlements.common.rest;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

/** Adds the deprecation headers to every answer of a {@link DeprecatedEndpoint}. */
@Provider
@DeprecatedEndpoint
public class DeprecationHeaders implements ContainerResponseFilter {

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
        add(response.getHeaders(), d.since(), d.sunset(), d.successor());
    }
    /**
     * Writes the deprecation headers: also for one deprecated media type of an endpoint that is not
     * deprecated as a whole (the resource calls this for the answers in that type).
     *
     * @param since     {@code yyyy-MM-dd}, or empty; likewise {@code sunset}; {@code successor} a path or empty
     */
    public static void add(MultivaluedMap<String, Object> headers, String since, String sunset, String successor) {
        if (!since.isEmpty()) {
            // RFC 9745: a structured-field date, seconds since the epoch
            headers.putSingle("Deprecation", "@" + LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toEpochSecond());
        }
        if (!sunset.isEmpty()) {
            headers.putSingle("Sunset", DateTimeFormatter.RFC_1123_DATE_TIME.format(LocalDate.parse(sunset).atStartOfDay(ZoneOffset.UTC)));
        }
        if (!successor.isEmpty()) {
            headers.add("Link", "<" + successor + ">; rel=\"successor-version\"");
        }
    }
}
