// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, scenario 5: KRR answers 400 for a batch of 1000 ids because of two ids in it (the simulator's
 * {@code rejectIds}, which does not say which); end to end through Kafka, exactly those two get KRR_REJECTED.
 */
class KrrRejectIT {
    @Test
    void batchWithTwoRejectedIdsAmong1000_exactlyThoseTwoKrrRejected() throws Exception {
        var topics = TestBroker.createTopics("reject", 1);
        List<String> ids = TestIds.valid(1000, 61);
        List<String> bad = List.of(ids.get(137), ids.get(802));
        try (var simulator = SimulatorServer.start(Map.of());
             var tally = new OutcomeTally(TestBroker.bootstrapServers(), topics.results(), topics.errors())) {
            simulator.faults("{\"rejectIds\":[\"" + String.join("\",\"", bad) + "\"]}");
            RequestProducer requests = new RequestProducer(topics.requests());
            requests.send("reject-1", ids, null);

            Map<String, Object> properties = simulator.gatewayProperties(topics, "reject");
            long started = System.nanoTime();
            try (var gateway = GatewayProcess.start(properties)) {
                var expected = requests.expected().keySet();
                long answered = tally.awaitAnswered(expected, expected.size(), Duration.ofMinutes(2));
                long took = System.nanoTime() - started;
                tally.settle(Duration.ofSeconds(2));
                Map<String, Integer> counts = tally.counts();
                long duplicates = expected.stream().mapToLong(key -> counts.getOrDefault(key, 0)).sum() - answered;
                Map<String, String> rejected = tally.codes().entrySet().stream()
                        .filter(e -> !e.getValue().isEmpty())
                        .collect(Collectors.toMap(e -> e.getKey().substring(e.getKey().indexOf('/') + 1),
                                Map.Entry::getValue));
                JsonNode stats = simulator.stats();
                long calls = stats.get("krrCalls").asLong();
                Harness.report("5 KRR 400, 2 bad ids in 1000", expected.size(), answered, duplicates,
                        calls + " vs 1 (" + stats.path("rejectedBatches").asLong() + " answered 400)",
                        "-", "all answered in " + Harness.seconds(took) + "; errors: " + rejected.size()
                                + " KRR_REJECTED");

                assertThat(answered).as("ids with an outcome").isEqualTo(1000);
                assertThat(duplicates).isZero();
                assertThat(rejected).as("ids with an error").containsOnlyKeys(bad)
                        .allSatisfy((id, code) -> assertThat(code).isEqualTo("KRR_REJECTED"));
                assertThat(stats.get("largestBatch").asLong()).as("the first call held all 1000").isEqualTo(1000);
                // Halving: the first call, then two calls per level down each bad id's path (docs/operations.md, "Failures": 39 calls).
                assertThat(calls).as("KRR calls").isBetween(2L * 9 + 1, 2L * 2 * 10 + 1);
            }
        }
    }
}
