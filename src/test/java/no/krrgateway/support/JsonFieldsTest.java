// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import static no.krrgateway.support.JsonFields.assertFields;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {

    private final JsonNode actual = read("{\"ids\":6,\"at\":\"x\",\"reasons\":{\"A\":1,\"B\":0},\"more\":true}");

    @Test
    void namedFieldsEqual_passes_unnamedIgnored() {
        assertFields(actual, "{\"ids\": 6, \"at\": \"x\", \"reasons\": {\"B\": 0}}");
    }

    @Test
    void aValueDiffers_aFieldMissing_orANestedOneDiffers_fails() {
        assertThatThrownBy(() -> assertFields(actual, "{\"ids\": 7}")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertFields(actual, "{\"notifiable\": 0}")).hasMessageContaining("/notifiable");
        assertThatThrownBy(() -> assertFields(actual, "{\"reasons\": {\"C\": 0}}")).hasMessageContaining("/reasons/C");
        assertThatThrownBy(() -> assertFields(actual, "{\"at\": {\"y\": 1}}")).hasMessageContaining("/at/y");
    }

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
