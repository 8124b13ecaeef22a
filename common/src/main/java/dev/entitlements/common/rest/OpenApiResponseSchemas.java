package dev.entitlements.common.rest;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Closes the schemas of what the services send (issue 17, "contract first"): every object schema
 * reachable from a response lists all its properties as {@code required} and forbids others
 * ({@code additionalProperties: false}), so a client generated from the document, and the
 * response-validation test, see exactly the wire. Jackson writes every record component, nulls
 * included, so a property is always present unless the component is left out when null
 * ({@code @JsonInclude(NON_NULL)}); such a component carries the extension {@link #OPTIONAL}
 * ({@code @Schema(extensions = @Extension(name = "x-optional", value = "true"))}), which keeps it
 * out of {@code required} and is removed here. A value that may be null says so with
 * {@code @Schema(nullable = true)}.
 * <p>
 * Request schemas stay open (docs/decisions.md, Tolerant reader: unknown fields are ignored). A schema
 * used both ways would be closed for requests too, so it is left open and named on stderr at build
 * time; the snapshot test shows it.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiResponseSchemas implements OASFilter {

    /** The extension that marks a property left out when null. */
    public static final String OPTIONAL = "x-optional";

    private static final String PREFIX = "#/components/schemas/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Map<String, Schema> components =
                openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null
                        ? Map.of()
                        : openAPI.getComponents().getSchemas();
        List<Schema> responseRoots = new ArrayList<>();
        List<Schema> requestRoots = new ArrayList<>();
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Operation op : item.getOperations().values()) {
                if (op.getResponses() != null && op.getResponses().getAPIResponses() != null) {
                    for (APIResponse r : op.getResponses().getAPIResponses().values()) {
                        schemas(r.getContent(), responseRoots);
                    }
                }
                if (op.getRequestBody() != null) {
                    schemas(op.getRequestBody().getContent(), requestRoots);
                }
                if (op.getParameters() != null) {
                    for (Parameter p : op.getParameters()) {
                        if (p.getSchema() != null) {
                            requestRoots.add(p.getSchema());
                        }
                    }
                }
            }
        }
        Set<Schema> requests = reach(requestRoots, components);
        for (Schema schema : reach(responseRoots, components)) {
            if (requests.contains(schema)) {
                System.err.println("openapi: a schema used in a request and a response stays open: "
                        + schema.getProperties().keySet());
                continue;
            }
            close(schema);
        }
        // the marker is an instruction to this filter, not part of the contract
        for (Schema schema : reach(List.copyOf(components.values()), components)) {
            for (Schema property : schema.getProperties().values()) {
                if (property.getExtensions() != null && property.getExtensions().containsKey(OPTIONAL)) {
                    property.removeExtension(OPTIONAL);
                }
            }
        }
    }

    private static void close(Schema schema) {
        if (schema.getRequired() != null) {
            // written out by its author (OpenApiErrorResponses): theirs to say
            schema.setAdditionalPropertiesBoolean(Boolean.FALSE);
            return;
        }
        schema.setAdditionalPropertiesSchema(null);
        schema.setAdditionalPropertiesBoolean(Boolean.FALSE);
        List<String> required = new ArrayList<>();
        schema.getProperties().forEach((name, property) -> {
            boolean optional = property.getExtensions() != null
                    && "true".equals(String.valueOf(property.getExtensions().get(OPTIONAL)));
            if (!optional) {
                required.add(name);
            }
        });
        schema.setRequired(required.isEmpty() ? null : required);
    }

    private static void schemas(Content content, List<Schema> into) {
        if (content == null || content.getMediaTypes() == null) {
            return;
        }
        for (MediaType type : content.getMediaTypes().values()) {
            if (type.getSchema() != null) {
                into.add(type.getSchema());
            }
        }
    }

    /** Every object schema with properties reachable from the roots, through references, items, properties and compositions. */
    private static Set<Schema> reach(List<Schema> roots, Map<String, Schema> components) {
        Set<Schema> objects = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Set<String> refs = new HashSet<>();
        List<Schema> todo = new ArrayList<>(roots);
        while (!todo.isEmpty()) {
            Schema s = todo.remove(todo.size() - 1);
            if (s == null || !seen.add(s)) {
                continue;
            }
            if (s.getRef() != null && s.getRef().startsWith(PREFIX) && refs.add(s.getRef())) {
                todo.add(components.get(s.getRef().substring(PREFIX.length())));
            }
            if (s.getProperties() != null && !s.getProperties().isEmpty()) {
                objects.add(s);
                todo.addAll(s.getProperties().values());
            }
            todo.add(s.getItems());
            todo.add(s.getAdditionalPropertiesSchema());
            for (List<Schema> list :
                    java.util.Arrays.asList(s.getAllOf(), s.getAnyOf(), s.getOneOf(), s.getPrefixItems())) {
                if (list != null) {
                    todo.addAll(list);
                }
            }
        }
        return objects;
    }
}
