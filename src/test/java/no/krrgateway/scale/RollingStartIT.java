// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 25: a rebalance without a failure costs no duplicate, in at-least-once. Three instances (two consumers
 * each, cooperative-sticky) start one after the other while a backlog waits; every start moves partitions between
 * consumers mid-run, and no outcome may be written twice, since nothing failed. Before, a batch handed over while its
 * consumer was rejoining the group failed its commit (RebalanceInProgressException) after publishing, was done
 * again, and its consumer's reconnect set off further rebalances.
 */
class RollingStartIT {

    private static final String GROUP = "rolling-start";
    private static final int IDS = 30_000;

    @Test
    void instancesStartedOneAfterTheOtherUnderABacklog_noOutcomeTwice() throws Exception {
        var topics = TestBroker.createTopics("rolling", 6);
        var requests = new RequestProducer(topics.requests());
        requests.sendInMixedForms(TestIds.valid(IDS, 2501), new Random(25));
        long expected = requests.expected().values().stream().mapToLong(n -> n).sum();

        List<ConfigurableApplicationContext> instances = new ArrayList<>();
        // KRR latency, so that each start lands while batches are in flight
        try (var simulator = SimulatorServer.start(Map.of("gateway.simulator.latency", "200ms"));
             var collector = new OutcomeCollector(topics.results(), topics.errors())) {
            Map<String, Object> properties = simulator.gatewayProperties(topics, GROUP);
            // short batches (about 1000 ids, one KRR call), so that batches start while a consumer rejoins
            properties.put("gateway.kafka.max-poll-records", "200");
            List<Integer> answeredAtStarts = new ArrayList<>();
            try {
                for (int started = 0; started < 3; started++) {
                    answeredAtStarts.add(collector.awaitAtLeast(started * IDS / 5, Duration.ofSeconds(180)).size());
                    instances.add(GatewayProcess.start(properties));
                }
                var outcomes = collector.awaitUntil(seen -> OutcomeCollector.countByRequestAndId(seen).keySet()
                        .containsAll(requests.expected().keySet()), Duration.ofSeconds(300));
                outcomes = collector.drain(Duration.ofSeconds(3));
                Set<String> answered = new HashSet<>(OutcomeCollector.countByRequestAndId(outcomes).keySet());
                long duplicates = outcomes.size() - expected;
                System.out.printf("rolling-start: %d ids, %d outcomes, %d duplicates; instances started at %s "
                        + "outcomes%n", expected, outcomes.size(), duplicates, answeredAtStarts);
                assertThat(answeredAtStarts.subList(1, 3)).as("each start came mid-run").allMatch(n -> n < expected);
                assertThat(answered).as("every id answered").containsAll(requests.expected().keySet());
                assertThat(duplicates).as("outcomes written twice without any failure").isZero();
            } finally {
                instances.forEach(ConfigurableApplicationContext::close);
            }
        }
    }
}
