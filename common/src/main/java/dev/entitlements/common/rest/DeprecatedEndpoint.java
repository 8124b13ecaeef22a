package dev.entitlements.common.rest;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method the spec lists as deprecated: its answers carry {@code Deprecation}
 * (RFC 9745), {@code Sunset} (RFC 8594) and a {@code Link} to the successor, added by
 * {@link DeprecationHeaders}. The sunset is not per endpoint: it is our one configured date
 * ({@value DeprecationHeaders#SUNSET_PROPERTY}), because the vendor's has passed.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface DeprecatedEndpoint {

    /** The day the endpoint was deprecated, {@code yyyy-MM-dd} (UTC). */
    String since() default "";

    /** Path of the endpoint that replaces it. */
    String successor() default "";
}
