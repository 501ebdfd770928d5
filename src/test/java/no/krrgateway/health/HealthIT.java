// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.krrgateway.support.Actuator;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** Health and its probe groups as an orchestrator sees them; nothing exposed beyond health, info, prometheus, sbom. */
class HealthIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final SimulatorServer simulator = SimulatorServer.perClass(Map.of());

    private static Map<String, Object> gatewayProperties(String name) {
        return simulator.gatewayProperties(TestBroker.createTopics(name + "-" + System.nanoTime(), 1), name);
    }

    @Test
    void health_brokerUp_upWithKafkaComponentAndProbeGroups() throws Exception {
        try (var gateway = GatewayProcess.start(gatewayProperties("health-up"))) {
            // Camel's file consumer counts as ready after its first poll, a moment after start.
            JsonNode health = awaitUp(gateway);
            assertThat(health.at("/components/kafka/status").asText()).isEqualTo("UP");
            assertThat(health.at("/components/kafka/details/nodes").asInt()).isEqualTo(1);
            assertThat(health.at("/components/kafka/details/clusterId").asText()).isNotBlank();
            System.out.println("health: " + health.toPrettyString());

            JsonNode liveness = json(gateway, "/actuator/health/liveness", 200);
            assertThat(liveness.get("status").asText()).isEqualTo("UP");
            assertThat(names(liveness.get("components"))).containsExactly("livenessState");

            JsonNode readiness = json(gateway, "/actuator/health/readiness", 200);
            assertThat(readiness.get("status").asText()).isEqualTo("UP");
            assertThat(names(readiness.get("components"))).contains("readinessState", "kafka");

            // The same groups on the main port, for a kubelet that cannot reach the management port on loopback.
            assertThat(Actuator.getOnServerPort(gateway, "/livez").status()).isEqualTo(200);
            assertThat(Actuator.getOnServerPort(gateway, "/readyz").status()).isEqualTo(200);
            // Nothing else of the actuator is on the main port.
            assertThat(Actuator.getOnServerPort(gateway, "/actuator/health").status()).isEqualTo(404);
            assertThat(Actuator.getOnServerPort(gateway, "/actuator/prometheus").status()).isEqualTo(404);
        }
    }

    @Test
    void actuator_defaultExposure_onlyHealthInfoAndPrometheus() throws Exception {
        try (var gateway = GatewayProcess.start(gatewayProperties("health-exposure"))) {
            JsonNode links = json(gateway, "/actuator", 200).get("_links");
            assertThat(names(links)).allMatch(name -> name.equals("self") || name.startsWith("health")
                    || name.equals("info") || name.equals("prometheus") || name.startsWith("sbom"));
            assertThat(Actuator.get(gateway, "/actuator/info").status()).isEqualTo(200);
            assertThat(Actuator.get(gateway, "/actuator/prometheus").status()).isEqualTo(200);
            for (String hidden : List.of("env", "beans", "configprops", "metrics", "loggers", "heapdump",
                    "threaddump", "mappings", "camelroutes")) {
                assertThat(Actuator.get(gateway, "/actuator/" + hidden).status()).as(hidden).isEqualTo(404);
            }
        }
    }

    @Test
    void health_brokerUnreachable_kafkaDownReadinessDownLivenessUp() throws Exception {
        try (var gateway = startWithoutBroker("health-down", "gateway.kafka.probe.timeout", "1s")) {
            JsonNode health = json(gateway, "/actuator/health", 503);
            assertThat(health.at("/components/kafka/status").asText()).isEqualTo("DOWN");
            assertThat(json(gateway, "/actuator/health/readiness", 503).get("status").asText()).isEqualTo("DOWN");
            assertThat(json(gateway, "/actuator/health/liveness", 200).get("status").asText()).isEqualTo("UP");
            assertThat(Actuator.getOnServerPort(gateway, "/readyz").status()).isEqualTo(503);
            assertThat(Actuator.getOnServerPort(gateway, "/livez").status()).isEqualTo(200);
        }
    }

    /** An instance without the Kafka channel (API or files only) stays ready while the broker is unreachable. */
    @Test
    void health_kafkaChannelOff_brokerUnreachable_readyWithoutKafkaComponent() throws Exception {
        try (var gateway = startWithoutBroker("health-no-kafka", "gateway.kafka.enabled", "false")) {
            JsonNode readiness = org.awaitility.Awaitility.await("readiness 200").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> json(gateway, "/actuator/health/readiness", 200), node -> true);
            assertThat(readiness.get("status").asText()).isEqualTo("UP");
            assertThat(names(readiness.get("components"))).doesNotContain("kafka");
            assertThat(Actuator.getOnServerPort(gateway, "/readyz").status()).isEqualTo(200);
            assertThat(names(json(gateway, "/actuator/health", 200).get("components"))).doesNotContain("kafka");
            assertThat(gateway.getBean(org.apache.camel.CamelContext.class).getRoute("intake-kafka")).isNull();
        }
    }

    /** A gateway whose broker is unreachable, with one more property. */
    private static ConfigurableApplicationContext startWithoutBroker(String name, String property, String value) {
        Map<String, Object> properties = gatewayProperties(name);
        properties.put("camel.component.kafka.brokers", "localhost:1");
        properties.put(property, value);
        return GatewayProcess.start(properties);
    }

    private static JsonNode awaitUp(ConfigurableApplicationContext gateway) throws Exception {
        Actuator.Response response = org.awaitility.Awaitility.await("/actuator/health answering 200")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> Actuator.get(gateway, "/actuator/health"), r -> r.status() == 200);
        assertThat(response.status()).as("/actuator/health: " + response.body()).isEqualTo(200);
        JsonNode health = MAPPER.readTree(response.body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        return health;
    }

    private static JsonNode json(ConfigurableApplicationContext gateway, String path, int status) throws Exception {
        Actuator.Response response = Actuator.get(gateway, path);
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(status);
        return MAPPER.readTree(response.body());
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
