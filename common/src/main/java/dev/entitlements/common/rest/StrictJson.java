package dev.entitlements.common.rest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Request bodies are read strictly: a body is one JSON document. Jackson by default reads the first
 * value and ignores what follows ({@code {...}{...}} or {@code {...} garbage} passed as the first
 * object), so a truncated or concatenated upload could be half applied; here it is a 400.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
