package dev.entitlements.common.tolerance;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Request bodies with fields the endpoint does not take (the UI's {@code total}, read-only fields
 * of a setting sent back in a PATCH) are read as if the field were absent, through
 * {@link Tolerance}; in strict mode Jackson's own "unrecognized field" failure stands and becomes
 * a 400 naming the field and the known ones.
 */
@Singleton
public class TolerantJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.addHandler(new DeserializationProblemHandler() {
            @Override
            public boolean handleUnknownProperty(
                    DeserializationContext ctxt,
                    JsonParser p,
                    JsonDeserializer<?> deserializer,
                    Object beanOrClass,
                    String propertyName)
                    throws IOException {
                if (Tolerance.strict()) {
                    return false;
                }
                Tolerance.ignore(Tolerance.Kind.FIELD, path(p.getParsingContext(), propertyName), known(deserializer));
                p.skipChildren();
                return true;
            }
        });
    }

    /** {@code a.b[2].name}: where the field sits in the body. */
    static String path(JsonStreamContext context, String name) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context.getParent(); c != null && !c.inRoot(); c = c.getParent()) {
            parts.add(0, c.inArray() ? "[" + c.getCurrentIndex() + "]" : String.valueOf(c.getCurrentName()));
        }
        parts.add(name);
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            if (path.length() > 0 && !part.startsWith("[")) {
                path.append('.');
            }
            path.append(part);
        }
        return path.toString();
    }

    private static Collection<String> known(JsonDeserializer<?> deserializer) {
        List<String> names = new ArrayList<>();
        deserializer.getKnownPropertyNames().forEach(n -> names.add(String.valueOf(n)));
        return names;
    }
}
