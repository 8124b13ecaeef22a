package dev.entitlements.common.tolerance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrictPreferenceTests {

    @Test
    void handlingStrictIsFoundAmongOtherPreferencesInAnyCase() {
        assertEquals(true, StrictPreference.isStrict(List.of("handling=strict")));
        assertEquals(true, StrictPreference.isStrict(List.of("respond-async, Handling=Strict; x=1")));
        assertEquals(true, StrictPreference.isStrict(List.of("wait=10", "handling = strict")));
        assertEquals(false, StrictPreference.isStrict(List.of("handling=lenient")));
        assertEquals(false, StrictPreference.isStrict(List.of()));
    }

    @Test
    void anIgnoredFieldIsNamedByItsPathInTheBody() throws Exception {
        assertEquals("total", pathOf("{\"page\": 1, \"total\": 3}", "total"));
        assertEquals("filters.colour", pathOf("{\"filters\": {\"colour\": 1}}", "colour"));
        assertEquals("[1].featureCostUnit", pathOf("[{}, {\"featureCostUnit\": \"x\"}]", "featureCostUnit"));
    }

    private static String pathOf(String json, String field) throws Exception {
        try (JsonParser p = new ObjectMapper().createParser(json)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && p.currentName().equals(field)) {
                    return TolerantJson.path(p.getParsingContext(), field);
                }
            }
        }
        throw new AssertionError(field + " not in " + json);
    }
}
