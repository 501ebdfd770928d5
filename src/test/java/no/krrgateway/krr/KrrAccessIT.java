// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import no.krrgateway.support.Actuator;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** KRR refusing the token: renewed and retried once; refused for good, intake is held back and resumes by itself. */
class KrrAccessIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    @RegisterExtension
    static final SimulatorServer simulator = SimulatorServer.perClass(Map.of());

    @AfterEach
    void clearFaults() throws Exception {
        simulator.clearFaults();
    }

    @Test
    void krr401Once_oneTokenRefreshAndOneRetry_batchAnswered() throws Exception {
        var topics = TestBroker.createTopics("access-once", 1);
        try (var gateway = GatewayProcess.start(properties(topics, "access-once"));
             var collector = new OutcomeCollector(topics.results(), topics.errors())) {
            awaitHealth(gateway, health -> "UP".equals(health.at("/components/krr/status").asText()));
            var requests = new RequestProducer(topics.requests());
            requests.send("warm-up", TestIds.valid(1, 20), null);
            collector.awaitAtLeast(1, Duration.ofSeconds(60));
            simulator.resetStats();
            simulator.faults("{\"krrStatus\":401,\"krrCount\":1}");

            requests.send("after-401", TestIds.valid(5, 21), null);

            assertThat(collector.awaitAtLeast(6, Duration.ofSeconds(60))).hasSize(6);
            JsonNode stats = simulator.stats();
            assertThat(stats.get("tokensIssued").asLong()).as("token refreshes").isEqualTo(1);
            assertThat(stats.get("krrCalls").asLong()).as("KRR calls: the refused one and its retry").isEqualTo(2);
        }
    }

    @Test
    void krr401Forever_intakeHeldBackHealthDownNothingCommitted_thenResumes() throws Exception {
        var topics = TestBroker.createTopics("access-forever", 2);
        simulator.faults("{\"krrStatus\":401,\"krrCount\":-1}");
        var requests = new RequestProducer(topics.requests());
        requests.sendInMixedForms(TestIds.valid(40, 22), new Random(23));
        try (var gateway = GatewayProcess.start(properties(topics, "access-forever"));
             var collector = new OutcomeCollector(topics.results(), topics.errors())) {
            JsonNode health = awaitHealth(gateway,
                    h -> "DOWN".equals(h.at("/components/krr/status").asText())
                            && "held back".equals(h.at("/components/krr/details/intake").asText()));
            assertThat(health.at("/components/krr/details/code").asText()).isEqualTo("KRR_ACCESS_DENIED");
            assertThat(health.at("/components/krr/details/reason").asText()).contains("401");
            assertThat(collector.drain(Duration.ofSeconds(2))).isEmpty();
            assertThat(TestBroker.committedOffsets("access-forever").values().stream().mapToLong(o -> o.offset()).sum()).as("nothing committed while KRR refuses").isZero();

            simulator.clearFaults();

            var outcomes = collector.awaitAtLeast(40, Duration.ofSeconds(90));
            assertThat(OutcomeCollector.countByRequestAndId(outcomes).keySet())
                    .containsAll(requests.expected().keySet());
            awaitHealth(gateway, h -> "UP".equals(h.at("/components/krr/status").asText()));
        }
    }

    private static Map<String, Object> properties(TestBroker.Topics topics, String group) {
        Map<String, Object> properties = simulator.gatewayProperties(topics, group);
        properties.put("gateway.hold-back.initial-delay", "500ms");
        properties.put("gateway.hold-back.max-delay", "2s");
        properties.put("gateway.krr.retry-attempts", "2");
        return properties;
    }

    private static JsonNode awaitHealth(ConfigurableApplicationContext gateway, Predicate<JsonNode> condition) {
        return Awaitility.await("health").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> MAPPER.readTree(Actuator.get(gateway, "/actuator/health").body()), condition::test);
    }
}
