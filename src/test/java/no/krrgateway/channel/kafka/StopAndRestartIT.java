// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A gateway stopped while KRR calls are in flight commits nothing unanswered; its successor answers the rest. */
class StopAndRestartIT {
    @Test
    void stopMidBatchThenRestart_everyIdHasAnOutcome() throws Exception {
        var topics = TestBroker.createTopics("restart", 3);
        try (var simulator = SimulatorServer.start(Map.of("gateway.simulator.latency", "1500ms"));
             var collector = new OutcomeCollector(topics.results(), topics.errors())) {
            RequestProducer requests = new RequestProducer(topics.requests());
            requests.sendInMixedForms(TestIds.valid(3000, 11), new Random(12));

            Map<String, Object> properties = simulator.gatewayProperties(topics, "restart");
            properties.put("gateway.kafka.consumers", "1");
            properties.put("gateway.kafka.max-poll-records", "300");
            properties.put("gateway.krr.batch-size", "200");
            properties.put("gateway.krr.max-concurrent-calls", "2");
            // A short grace period, so the stop abandons the batch whose KRR calls are still in flight.
            properties.put("gateway.shutdown-timeout", "1s");

            var first = GatewayProcess.start(properties);
            awaitKrrCalls(simulator, 3);
            first.close();
            int answeredByFirst = collector.drain(Duration.ofSeconds(1)).size();

            try (var second = GatewayProcess.start(properties)) {
                List<OutcomeCollector.Outcome> outcomes = collector.awaitAtLeast(answeredByFirst + 1,
                        Duration.ofSeconds(60));
                Instant deadline = Instant.now().plusSeconds(120);
                while (!OutcomeCollector.countByRequestAndId(outcomes).keySet()
                        .containsAll(requests.expected().keySet()) && Instant.now().isBefore(deadline)) {
                    outcomes = collector.drain(Duration.ofSeconds(1));
                }
                Map<String, Long> counts = OutcomeCollector.countByRequestAndId(outcomes);
                assertThat(counts.keySet().containsAll(requests.expected().keySet()))
                        .as("every requested id has an outcome after the restart").isTrue();
                long duplicates = outcomes.size() - requests.expected().values().stream().mapToLong(n -> n).sum();
                System.out.printf("restart: %d outcomes before the stop, %d in all, %d duplicates%n",
                        answeredByFirst, outcomes.size(), duplicates);
                assertThat(answeredByFirst).as("the stop came mid-run").isLessThan(3000);
            }
        }
    }

    private static void awaitKrrCalls(SimulatorServer simulator, long calls) {
        Awaitility.await("KRR calls in flight").atMost(Duration.ofSeconds(60))
                .until(() -> simulator.stats().get("krrCalls").asLong() >= calls);
    }
}
