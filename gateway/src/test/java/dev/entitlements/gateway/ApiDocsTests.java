package dev.entitlements.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ApiDocsTests {

    @Test
    void theYamlAndTheJsonAnswerReadBackAsTheCommittedDocument() throws IOException {
        JsonNode committed;
        try (InputStream in = ApiDocs.class.getResourceAsStream(ApiDocs.DOCUMENT)) {
            committed = new ObjectMapper().readTree(in);
        }
        ApiDocs docs = new ApiDocs();
        assertEquals(committed, new ObjectMapper().readTree(docs.json().getBytes()));
        // strings such as an example id "1042" stay strings in YAML
        assertEquals(committed, new YAMLMapper().readTree(docs.yaml().getBytes()));
    }
}
