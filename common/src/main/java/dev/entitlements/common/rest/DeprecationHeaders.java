package dev.entitlements.common.rest;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
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
        if (!d.since().isEmpty()) {
            // RFC 9745: a structured-field date, seconds since the epoch
            response.getHeaders().putSingle("Deprecation", "@" + LocalDate.parse(d.since()).atStartOfDay(ZoneOffset.UTC).toEpochSecond());
        }
        if (!d.sunset().isEmpty()) {
            response.getHeaders().putSingle("Sunset",
                    DateTimeFormatter.RFC_1123_DATE_TIME.format(LocalDate.parse(d.sunset()).atStartOfDay(ZoneOffset.UTC)));
        }
        if (!d.successor().isEmpty()) {
            response.getHeaders().add("Link", "<" + d.successor() + ">; rel=\"successor-version\"");
        }
    }
}
