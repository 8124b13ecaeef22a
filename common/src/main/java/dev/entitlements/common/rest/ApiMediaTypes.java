package dev.entitlements.common.rest;

/** The vendor media types of the API (spec §1.3); {@code application/json} means the newest. */
public final class ApiMediaTypes {

    public static final String V1 = "application/vnd.ruckus.v1+json";
    public static final String V1_1 = "application/vnd.ruckus.v1.1+json";

    private ApiMediaTypes() {
    }
}
