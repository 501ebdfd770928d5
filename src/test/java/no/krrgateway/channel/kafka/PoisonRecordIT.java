// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.junit.jupiter.api.Test;

/** A record whose outcomes can never be published does not block its partition: it ends as PROCESSING_FAILED. */
class PoisonRecordIT {
    @Test
    void recordWhoseOutcomeIsTooLargeForTheBroker_triedBoundedTimesThenErrorAndThePartitionMovesOn()
            throws Exception {
        var topics = TestBroker.createTopics("poison", 1);
        List<String> ids = TestIds.valid(7, 41);
        var requests = new RequestProducer(topics.requests());
        requests.send("before", ids.subList(0, 3), null);
        // A 700 KB correlation id fits in the request, but every outcome copies it twice (header and JSON field):
        // over the producer's 1 MB limit, so publishing fails however often it is tried.
        requests.send("poison", ids.subList(3, 4), "x".repeat(700_000));
        requests.send("after", ids.subList(4, 7), null);

        try (var simulator = SimulatorServer.start(Map.of());
             var collector = new OutcomeCollector(topics.results(), topics.errors())) {
            Map<String, Object> properties = simulator.gatewayProperties(topics, "poison");
            properties.put("gateway.kafka.max-attempts", "2");
            // Above the limit's default, which would answer this record as MALFORMED_REQUEST before any publishing.
            properties.put("gateway.limits.max-correlation-id-length", "1000000");
            try (var gateway = GatewayProcess.start(properties)) {
                var outcomes = collector.awaitUntil(seen -> seen.stream().anyMatch(
                        o -> "poison".equals(o.value().path("requestId").asText())), Duration.ofSeconds(90));
                outcomes = collector.drain(Duration.ofSeconds(2));
                Map<String, Long> counts = OutcomeCollector.countByRequestAndId(outcomes);
                assertThat(counts.keySet()).contains("after/" + ids.get(4), "after/" + ids.get(5),
                        "after/" + ids.get(6), "before/" + ids.get(0));
                var poison = outcomes.stream().filter(o -> "poison".equals(o.value().path("requestId").asText()))
                        .toList();
                assertThat(poison).singleElement().satisfies(o -> {
                    assertThat(o.topic()).isEqualTo(topics.errors());
                    assertThat(o.value().at("/error/code").asText()).isEqualTo("PROCESSING_FAILED");
                    assertThat(o.value().has("correlationId")).isFalse();
                });
            }
        }
    }
}
