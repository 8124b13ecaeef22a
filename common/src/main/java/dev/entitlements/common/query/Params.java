package dev.entitlements.common.query;

import dev.entitlements.common.error.ApiException;
import dev.entitlements.contract.error.ErrorCode;

/**
 * Reading query-string parameters. JAX-RS answers 404 when it cannot convert a query parameter;
 * resources take them as strings and convert here so a bad value is a 400 naming the parameter.
 */
public final class Params {

    private Params() {}

    public static Integer integer(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.INVALID_VALUE, "'" + name + "' is not an integer: " + value, null);
        }
    }

    public static Boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default ->
                throw new ApiException(ErrorCode.INVALID_VALUE, "'" + name + "' is not true or false: " + value, null);
        };
    }
}
