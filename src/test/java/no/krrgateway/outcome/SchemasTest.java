// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.krrgateway.support.JsonSchemas;
import org.junit.jupiter.api.Test;

/** The published schemas refuse what they do not name, so an output that grows a field fails SchemaOutputsIT. */
class SchemasTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String RESULT = """
            {"requestId": "r-1", "personidentifikator": "20914695016", "notifiable": true, "reasons": [],
             "channels": {"email": {"address": "ola@example.no", "usable": true,
                                    "lastConfirmed": "2026-05-01T10:00:00Z", "usableUntil": "2027-11-01T10:00:00Z"}},
             "evaluatedAt": "2026-11-23T08:00:00Z", "krr": {"personidentifikator": "20914695016"}}""";

    @Test
    void result_asDocumented_valid() throws Exception {
        assertThat(JsonSchemas.problems("result.schema.json", MAPPER.readTree(RESULT))).isEmpty();
        assertThat(JsonSchemas.problems("lookup-response.schema.json", MAPPER.readTree(
                "{\"requestId\": \"r-1\", \"outcomes\": [" + RESULT + "]}"))).isEmpty();
    }

    @Test
    void result_withAFieldNoSchemaNames_orAChannelField_refused() throws Exception {
        ObjectNode grown = (ObjectNode) MAPPER.readTree(RESULT);
        grown.put("newField", 1);
        ObjectNode grownChannel = (ObjectNode) MAPPER.readTree(RESULT);
        ((ObjectNode) grownChannel.path("channels").path("email")).put("verifiedBy", "x");

        assertThat(JsonSchemas.problems("result.schema.json", grown)).singleElement().asString().contains("newField");
        assertThat(JsonSchemas.problems("result.schema.json", grownChannel)).isNotEmpty();
    }

    @Test
    void error_unknownCode_refused() throws Exception {
        var error = MAPPER.readTree("""
                {"requestId": "r-1", "error": {"code": "SOMETHING_NEW", "message": "m"}, "source": {}}""");

        assertThat(JsonSchemas.problems("error.schema.json", error)).isNotEmpty();
    }
}
