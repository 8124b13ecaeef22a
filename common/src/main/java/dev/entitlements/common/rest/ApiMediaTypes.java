package dev.entitlements.common.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** The vendor media types of the API (spec §1.3); {@code application/json} means the newest. */
public final class ApiMediaTypes {

    public static final String V1 = "application/vnd.ruckus.v1+json";
    public static final String V1_1 = "application/vnd.ruckus.v1.1+json";

    private ApiMediaTypes() {}

    /**
     * The media type to answer in, for endpoints whose versions answer different shapes: the first
     * of {@code produced} that the caller's most preferred acceptable type matches. When the caller
     * accepts anything ({@code *}{@code /*} or no {@code Accept}), the version it sent its body in
     * ({@code Content-Type}, which the spec says selects the version) if that is one of
     * {@code produced}, else the first, i.e. the newest. The resource's {@code @Produces} has
     * already refused an unsatisfiable {@code Accept} with 406.
     */
    public static String negotiate(HttpHeaders headers, String... produced) {
        for (MediaType acceptable : headers.getAcceptableMediaTypes()) {
            if (acceptable.isWildcardType() && headers.getMediaType() != null) {
                for (String p : produced) {
                    if (headers.getMediaType().isCompatible(MediaType.valueOf(p))) {
                        return p;
                    }
                }
            }
            for (String p : produced) {
                if (acceptable.isCompatible(MediaType.valueOf(p))) {
                    return p;
                }
            }
        }
        return produced[0];
    }
}
