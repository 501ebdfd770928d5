// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import no.krrgateway.support.Actuator;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Holding intake back is the gateway waiting as designed, not a failure: with the intake routes stopped,
 * {@code /actuator/health} answers 200 DEGRADED, whatever Camel's own checks make of a stopped route.
 */
class HoldBackHealthIT {

    @RegisterExtension
    static final SimulatorServer simulator = SimulatorServer.perClass(Map.of());

    @Test
    void krrDown_intakeHeldBack_healthDegradedWith200() throws Exception {
        var topics = TestBroker.createTopics("held-health", 1);
        Map<String, Object> properties = simulator.gatewayProperties(topics, "held-health");
        // held back long enough to look at, with the retries over quickly
        properties.put("gateway.hold-back.initial-delay", "60s");
        properties.put("gateway.krr.retry-attempts", "2");
        simulator.faults("{\"krrStatus\":503,\"krrCount\":-1}");
        try (var gateway = GatewayProcess.start(properties)) {
            new RequestProducer(topics.requests()).send("held", TestIds.valid(3, 41), null);
            CamelContext camel = gateway.getBean(CamelContext.class);
            Awaitility.await("intake routes stopped").atMost(Duration.ofSeconds(90))
                    .until(() -> camel.getRouteController().getRouteStatus("intake-kafka") == ServiceStatus.Stopped);

            Actuator.Response response = Actuator.get(gateway, "/actuator/health");
            JsonNode health = new ObjectMapper().readTree(response.body());
            assertThat(health.at("/components/krr/details/intake").asText()).isEqualTo("held back");
            assertThat(health.at("/components/krr/status").asText()).isEqualTo("DEGRADED");
            assertThat(health.get("status").asText()).as(response.body()).isEqualTo("DEGRADED");
            assertThat(response.status()).isEqualTo(200);
            // the alert rule KrrGatewayIntakeHeldBack's series
            var metrics = new no.krrgateway.support.PrometheusScrape(Actuator.get(gateway, "/actuator/prometheus").body());
            assertThat(metrics.sum("gateway_intake_held_back")).isEqualTo(1.0);
        }
    }

    /**
     * The series the alert KrrGatewayIntakeHeldBack reads (deploy/prometheus): with KRR down throughout, the gauge is
     * 0 again while each probe runs (the intake routes started, their batch not yet failed), not 1 for the whole
     * outage.
     */
    @Test
    void krrDownThroughout_theHeldBackGaugeIsZeroWhileEachProbeRuns() throws Exception {
        var topics = TestBroker.createTopics("held-gauge", 1);
        Map<String, Object> properties = simulator.gatewayProperties(topics, "held-gauge");
        properties.put("gateway.hold-back.initial-delay", "1s");
        properties.put("gateway.hold-back.max-delay", "1s");
        properties.put("gateway.krr.retry-attempts", "2");
        simulator.faults("{\"krrStatus\":503,\"krrCount\":-1}");
        try (var gateway = GatewayProcess.start(properties)) {
            new RequestProducer(topics.requests()).send("held", TestIds.valid(3, 42), null);
            var meters = gateway.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            var gauge = meters.get("gateway.intake.held.back").gauge();
            StringBuilder seen = new StringBuilder();
            Awaitility.await("held, probing, held again").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(20)).until(() -> {
                        String value = String.valueOf((int) gauge.value());
                        if (seen.isEmpty() || seen.charAt(seen.length() - 1) != value.charAt(0)) {
                            seen.append(value);
                        }
                        return seen.indexOf("101") >= 0;
                    });
            assertThat(simulator.stats().get("krrCalls").asLong()).as("KRR was never answered").isPositive();
        } finally {
            simulator.clearFaults();
        }
    }
}
