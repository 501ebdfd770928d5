// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.kamelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import no.krrgateway.api.TestTokenIssuer;
import no.krrgateway.support.ApiGateway;
import no.krrgateway.support.JsonSchemas;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kamelets/krr-lookup-action.kamelet.yaml, loaded from the repo into a plain Camel context as an ESB team's Camel
 * would load it, against a running gateway with the API on: a client-credentials token from the test issuer, one
 * outcome per id for a bare array and for a request object, and a refused token failing the exchange.
 */
class KrrLookupKameletIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final ApiGateway gateway = ApiGateway.perClass("kamelet", 1, Map.of());
    private static DefaultCamelContext esb;

    @BeforeAll
    static void start() throws Exception {
        String api = gateway.url();
        TestTokenIssuer issuer = gateway.issuer();
        esb = new DefaultCamelContext();
        esb.getComponent("kamelet", KameletComponent.class).setLocation("file:kamelets");
        esb.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:lookup").to("kamelet:krr-lookup-action?gatewayUrl=" + api + "&tokenUrl="
                        + issuer.tokenEndpoint() + "&clientId=" + TestTokenIssuer.CLIENT_ID + "&clientSecret=RAW("
                        + TestTokenIssuer.CLIENT_SECRET + ")");
                from("direct:wrong-secret").to("kamelet:krr-lookup-action?gatewayUrl=" + api + "&tokenUrl="
                        + issuer.tokenEndpoint() + "&clientId=" + TestTokenIssuer.CLIENT_ID + "&clientSecret=wrong");
            }
        });
        esb.start();
    }

    @AfterAll
    static void stop() {
        if (esb != null) {
            esb.stop();
        }
    }

    @Test
    void bareArrayOfIds_oneOutcomePerIdInOrder() throws Exception {
        JsonNode answer = lookup("[\"20914695016\", \"23079421936\", \"12345678901\"]");

        assertThat(JsonSchemas.problems("lookup-response.schema.json", answer)).isEmpty();
        JsonNode outcomes = answer.get("outcomes");
        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.get(0).get("notifiable").asBoolean()).isTrue();
        assertThat(outcomes.get(1).get("reasons").toString()).contains("RESERVED");
        assertThat(outcomes.get(2).at("/error/code").asText()).isEqualTo("INVALID_ID");
    }

    @Test
    void requestObject_keepsItsRequestId() throws Exception {
        JsonNode answer = lookup("{\"requestId\": \"esb-1\", \"personidentifikatorer\": [\"20914695016\"]}");

        assertThat(answer.get("requestId").asText()).isEqualTo("esb-1");
        assertThat(answer.get("outcomes")).hasSize(1);
    }

    @Test
    void wrongClientSecret_exchangeFails() {
        ProducerTemplate template = esb.createProducerTemplate();

        assertThatThrownBy(() -> template.requestBody("direct:wrong-secret", "[\"20914695016\"]", String.class))
                .isInstanceOf(CamelExecutionException.class);
    }

    private static JsonNode lookup(String body) throws Exception {
        return MAPPER.readTree(esb.createProducerTemplate().requestBody("direct:lookup", body, String.class));
    }
}
