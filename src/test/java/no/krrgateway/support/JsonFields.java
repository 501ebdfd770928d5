// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Asserts a JSON output's fields against a literal that names only those the test is about. */
public final class JsonFields {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonFields() {
    }

    /**
     * Each field of {@code expected} (a JSON object) is present in {@code actual} with the same text, as
     * {@link JsonNode#asText()} reads it (so 2 and 2L alike); an object is compared field by field the same way, so
     * {@code actual} may hold more fields than are named.
     */
    public static void assertFields(JsonNode actual, String expected) {
        try {
            assertFields("", actual, MAPPER.readTree(expected));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + expected, e);
        }
    }

    private static void assertFields(String path, JsonNode actual, JsonNode expected) {
        expected.fields().forEachRemaining(field -> {
            String at = path + "/" + field.getKey();
            assertThat(actual.has(field.getKey())).as(at + " in " + actual).isTrue();
            if (field.getValue().isObject()) {
                assertFields(at, actual.get(field.getKey()), field.getValue());
            } else {
                assertThat(actual.get(field.getKey()).asText()).as(at).isEqualTo(field.getValue().asText());
            }
        });
    }
}
