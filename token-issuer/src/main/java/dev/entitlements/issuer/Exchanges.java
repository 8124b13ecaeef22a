package dev.entitlements.issuer;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** What the development issuer's endpoints share: reading forms and writing answers. */
final class Exchanges {

    /** Larger than any token request or login form ever is. */
    static final int MAX_FORM = 16 * 1024;

    private Exchanges() {}

    static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static void json(HttpExchange exchange, int status, String json) throws IOException {
        answer(exchange, status, "application/json", json);
    }

    /** An OAuth 2.0 error body (RFC 6749 §5.2). */
    static String error(String code, String description) {
        return "{\"error\":\"" + code + "\",\"error_description\":\"" + description + "\"}";
    }

    static boolean isForm(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("content-type");
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** The body as text, or empty when it is larger than {@link #MAX_FORM}. */
    static Optional<String> read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_FORM + 1);
        return bytes.length > MAX_FORM ? Optional.empty() : Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    /** A form or query string; the first of repeated names wins, a null string is empty. */
    static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        if (body == null) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.putIfAbsent(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return form;
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
