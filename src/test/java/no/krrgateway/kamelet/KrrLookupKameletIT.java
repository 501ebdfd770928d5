// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.kamelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import no.krrgateway.api.TestTokenIssuer;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.JsonSchemas;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * kamelets/krr-lookup-action.kamelet.yaml, loaded from the repo into a plain Camel context as an ESB team's Camel
 * would load it, against a running gateway with the API on: a client-credentials token from the test issuer, one
 * outcome per id for a bare array and for a request object, and a refused token failing the exchange.
 */
class KrrLookupKameletIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static SimulatorServer simulator;
    private static TestTokenIssuer issuer;
    private static ConfigurableApplicationContext gateway;
    private static DefaultCamelContext esb;

    @BeforeAll
    static void start() throws Exception {
        simulator = SimulatorServer.start(Map.of());
        issuer = new TestTokenIssuer();
        Map<String, Object> properties = simulator.gatewayProperties(TestBroker.createTopics("kamelet", 1), "kamelet");
        properties.put("gateway.api.enabled", "true");
        properties.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", issuer.jwkSetUri());
        gateway = GatewayProcess.start(properties);
        String api = "http://localhost:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();

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
        if (gateway != null) {
            gateway.close();
        }
        issuer.close();
        simulator.close();
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
