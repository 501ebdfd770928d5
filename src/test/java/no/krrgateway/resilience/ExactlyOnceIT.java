// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import no.krrgateway.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: gateway.kafka.delivery=exactly-once under the resilience suite's faults. A read_committed reader must see
 * every outcome exactly once and every request's completion record once: across SIGKILLs of the gateway JVM and a
 * broker restart, and across a rebalance with a frozen instance (a zombie whose late transaction must stay invisible)
 * and a kill.
 */
class ExactlyOnceIT {

    private static final int IDS = 20_000;
    private static final int KILLS = 3;

    @TempDir
    static Path keys;

    @Test
    void gatewayKilledThriceAndBrokerRestarted_everyOutcomeAndCompletionExactlyOnce() throws Exception {
        Path clientKey = TestKeys.writeJwk(keys, "eos-kill");
        Random random = new Random(18);
        // KRR latency and small batches keep the run long enough for every fault to land mid-run.
        try (var broker = StandaloneBroker.start(Path.of("target", "resilience", "eos-broker"));
             var simulator = SimulatorServer.start(clientKey, Map.of("gateway.simulator.latency", "400ms"))) {
            var topics = broker.createTopics("eos-kill", 6);
            RequestProducer requests = new RequestProducer(broker.bootstrapServers(), topics.requests());
            requests.sendInMixedForms(TestIds.valid(IDS, 181), random);
            Set<String> expected = requests.expected().keySet();
            Set<String> expectedRequests = requestsOf(expected);

            Map<String, Object> properties = gateway(simulator, clientKey, topics, broker.bootstrapServers(),
                    "eos-kill");
            properties.put("gateway.kafka.consumers", "1");
            properties.put("gateway.kafka.max-poll-records", "100");
            properties.put("gateway.krr.batch-size", "100");
            try (var outcomes = new OutcomeTally(true, broker.bootstrapServers(), topics.results(), topics.errors());
                 var completions = new OutcomeTally(true, broker.bootstrapServers(), topics.completed());
                 var gateway = new GatewayJvm("eos-kill", "512m", withInstance(properties, "eos-kill"))) {
                gateway.start();
                List<GatewayJvm.Kill> kills = gateway.killAtProgress(outcomes, expected,
                        random.doubles(KILLS, 0.05, 0.6).sorted().toArray(), random);
                List<Long> answeredAtKills = kills.stream().map(GatewayJvm.Kill::answeredAtKill).toList();
                assertThat(kills).as("outcomes after each restart")
                        .allMatch(kill -> kill.restartToFirstOutcomeNanos() > 0);
                // the broker goes down as soon as the last restart is at work (seen above), well before the end
                broker.kill();
                long answeredAtBrokerKill = outcomes.answered(expected);
                Thread.sleep(5_000); // deliberate: the broker stays down for 5 s
                broker.start();

                End end = awaitEveryOutcome(outcomes, completions, expected, expectedRequests);
                gateway.stop();
                Harness.report("EOS: SIGKILL x" + KILLS + " + broker restart", expected.size(), end.answered(),
                        end.duplicates(), "-", "kills at " + answeredAtKills + ", broker at " + answeredAtBrokerKill,
                        end.completionsNote(expectedRequests.size()));

                assertThat(answeredAtKills).as("every kill came mid-run").allMatch(n -> n < expected.size());
                assertThat(answeredAtBrokerKill).as("the broker went down mid-run").isLessThan(expected.size());
                assertThat(outcomes.counts().keySet()).as("outcomes nobody asked for").isSubsetOf(expected);
                end.assertExactlyOnce(expected, expectedRequests);
            }
        }
    }

    @Test
    void twoInstancesRebalanceZombieAndKill_noDuplicateNoGapNoZombieWrite() throws Exception {
        Path clientKey = TestKeys.writeJwk(keys, "eos-pair");
        var topics = TestBroker.createTopics("eos-pair", 6);
        RequestProducer requests = new RequestProducer(topics.requests());
        requests.sendInMixedForms(TestIds.valid(IDS, 182), new Random(19));
        Set<String> expected = requests.expected().keySet();
        Set<String> expectedRequests = requestsOf(expected);
        // Some latency per KRR call, so that batches are in flight when an instance freezes or dies.
        try (var simulator = SimulatorServer.start(clientKey, Map.of("gateway.simulator.latency", "400ms"));
             var outcomes = new OutcomeTally(true, TestBroker.bootstrapServers(), topics.results(), topics.errors());
             var completions = new OutcomeTally(true, TestBroker.bootstrapServers(), topics.completed())) {
            Map<String, Object> properties = gateway(simulator, clientKey, topics, TestBroker.bootstrapServers(),
                    "eos-pair");
            properties.put("gateway.kafka.consumers", "1");
            properties.put("gateway.kafka.max-poll-records", "100");
            properties.put("gateway.krr.batch-size", "100");
            try (var a = new GatewayJvm("eos-pair-a", "384m", withInstance(properties, "a"));
                 var b = new GatewayJvm("eos-pair-b", "384m", withInstance(properties, "b"))) {
                a.start();
                outcomes.awaitAnswered(expected, expected.size() / 10, Duration.ofMinutes(4));
                b.start(); // joins: a rebalance moves partitions from a to b
                outcomes.awaitAnswered(expected, expected.size() * 3L / 10, Duration.ofMinutes(4));
                // a freezes mid-batch; its session times out and b takes its partitions; a thaws as a zombie that
                // still holds an open transaction: the broker must refuse its offsets and abort it.
                a.signal("STOP");
                long frozenAt = outcomes.answered(expected);
                Thread.sleep(15_000); // deliberate: frozen for 15 s, well past the 6 s session timeout
                a.signal("CONT");
                outcomes.awaitAnswered(expected, expected.size() / 2, Duration.ofMinutes(4));
                b.kill();
                long answeredAtKill = outcomes.answered(expected);

                End end = awaitEveryOutcome(outcomes, completions, expected, expectedRequests);
                a.stop();
                Harness.report("EOS: 2 instances, join + freeze + kill", expected.size(), end.answered(),
                        end.duplicates(), "-", "frozen at " + frozenAt + ", kill at " + answeredAtKill,
                        end.completionsNote(expectedRequests.size()));

                assertThat(answeredAtKill).as("the kill came mid-run").isLessThan(expected.size());
                end.assertExactlyOnce(expected, expectedRequests); // zombie writes included
            }
        }
    }

    /**
     * What a read_committed reader saw in the end: ids with an outcome, outcomes seen twice, and completion records
     * per request.
     */
    private record End(long answered, long duplicates, Map<String, Integer> completionCounts) {

        String completionsNote(int requests) {
            return completionCounts.size() + " of " + requests + " completions, "
                    + completionCounts.values().stream().filter(n -> n > 1).count() + " repeated";
        }

        void assertExactlyOnce(Set<String> expected, Set<String> expectedRequests) {
            assertThat(answered).as("ids with an outcome").isEqualTo(expected.size());
            assertThat(duplicates).as("outcomes a read_committed reader saw twice").isZero();
            assertThat(completionCounts).as("one completion record per request")
                    .hasSize(expectedRequests.size()).allSatisfy((request, count) -> assertThat(count).isOne());
        }
    }

    /** Waits for an outcome of every id and a completion record of every request, then a quiet while for late ones. */
    private static End awaitEveryOutcome(OutcomeTally outcomes, OutcomeTally completions, Set<String> expected,
                                         Set<String> expectedRequests) throws InterruptedException {
        long answered = outcomes.awaitAnswered(expected, expected.size(), Duration.ofMinutes(5));
        completions.awaitAnswered(completionKeys(expectedRequests), expectedRequests.size(), Duration.ofMinutes(2));
        outcomes.settle(Duration.ofSeconds(3));
        return new End(answered, duplicates(outcomes.counts(), expected, answered), completions.counts());
    }

    private static Map<String, Object> gateway(SimulatorServer simulator, Path clientKey, TestBroker.Topics topics,
                                               String bootstrap, String group) {
        Map<String, Object> properties = new HashMap<>(simulator.gatewayProperties(topics, group));
        properties.put("camel.component.kafka.brokers", bootstrap);
        properties.put("gateway.kafka.delivery", "exactly-once");
        properties.put("gateway.kafka.max-poll-records", "500");
        // A frozen instance, like a killed one, holds its partitions until its session times out.
        properties.putAll(GatewayProcess.QUICK_FAILOVER);
        return properties;
    }

    private static Map<String, Object> withInstance(Map<String, Object> properties, String instance) {
        Map<String, Object> copy = new HashMap<>(properties);
        copy.put("gateway.kafka.instance-id", instance);
        return copy;
    }

    /** The requestIds of "requestId/personidentifikator" keys. */
    private static Set<String> requestsOf(Set<String> expected) {
        return expected.stream().map(key -> key.substring(0, key.lastIndexOf('/'))).collect(Collectors.toSet());
    }

    /** A completion record has no person id: OutcomeTally keys it "requestId/". */
    private static Set<String> completionKeys(Set<String> requests) {
        return requests.stream().map(request -> request + "/").collect(Collectors.toSet());
    }

    private static long duplicates(Map<String, Integer> counts, Set<String> expected, long answered) {
        return expected.stream().mapToLong(key -> counts.getOrDefault(key, 0)).sum() - answered;
    }
}
