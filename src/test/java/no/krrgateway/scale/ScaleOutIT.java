// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import no.krrgateway.channel.kafka.PartitionOwnership;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Several instances in one consumer group: one in its own JVM (killed with SIGKILL), two in this JVM (one joins
 * mid-run, one stops gracefully). Every id gets an outcome, and at the moment of the kill no committed offset is past
 * a record whose outcomes were not all written. Prints the figures: ids sent and answered, duplicates seen, time from
 * the kill to the first outcome the new owners wrote
 * for the killed instance's partitions (its session has to time out first), and to all answered.
 */
class ScaleOutIT {

    private static final String GROUP = "scale-out";
    private static final int PARTITIONS = 6;

    @Test
    void joinStopAndKillMidRun_everyIdAnsweredAndNoCommitAheadOfItsOutcomes() throws Exception {
        var topics = TestBroker.createTopics("scale", PARTITIONS);
        var requests = new RequestProducer(topics.requests());
        requests.sendInMixedForms(TestIds.valid(20_000, 51), new Random(52));

        try (var simulator = SimulatorServer.start(Map.of("gateway.simulator.latency", "400ms"));
             var collector = new OutcomeCollector(topics.results(), topics.errors())) {
            Map<String, Object> properties = simulator.gatewayProperties(topics, GROUP);
            properties.put("gateway.kafka.consumers", "1");
            properties.put("gateway.kafka.max-poll-records", "100");
            properties.put("gateway.krr.batch-size", "100");
            properties.put("gateway.krr.max-concurrent-calls", "2");

            Path killedLog = Files.createDirectories(Path.of("target", "scale-out")).resolve("instance-b.log");
            Process killed = GatewayProcess.startJvm(properties, killedLog, "384m");
            var stopped = GatewayProcess.start(properties);
            try {
                collector.awaitAtLeast(3_000, Duration.ofSeconds(120));
                var joined = GatewayProcess.start(properties);
                try {
                    collector.awaitAtLeast(8_000, Duration.ofSeconds(120));
                    stopped.close();
                    collector.awaitAtLeast(11_000, Duration.ofSeconds(120));

                    assertThat(killed.isAlive()).as("the JVM instance runs until the kill, see " + killedLog).isTrue();
                    // The JVM instance owns what the in-JVM survivor does not.
                    Set<Integer> killedPartitions = new TreeSet<>();
                    for (int partition = 0; partition < PARTITIONS; partition++) {
                        killedPartitions.add(partition);
                    }
                    joined.getBean(PartitionOwnership.class).owned()
                            .forEach(name -> killedPartitions.remove(partitionOf(name)));
                    killed.destroyForcibly().waitFor();
                    Instant killedAt = Instant.now();
                    int seenAtKill = collector.awaitAtLeast(0, Duration.ZERO).size();
                    Map<TopicPartition, OffsetAndMetadata> committed = TestBroker.committedOffsets(GROUP);
                    collector.drain(Duration.ofSeconds(2));
                    List<String> missing = outcomesMissingBelow(committed, requests, collector);
                    assertThat(missing).as("outcomes of records below a committed offset").isEmpty();

                    var outcomes = collector.awaitUntil(seen -> OutcomeCollector.countByRequestAndId(seen).keySet()
                            .containsAll(requests.expected().keySet()), Duration.ofSeconds(240));
                    Instant allAnswered = Instant.now();
                    outcomes = collector.drain(Duration.ofSeconds(2));
                    Set<String> answered = new HashSet<>(OutcomeCollector.countByRequestAndId(outcomes).keySet());
                    answered.retainAll(requests.expected().keySet());
                    long expected = requests.expected().values().stream().mapToLong(n -> n).sum();
                    OptionalLong takeover = firstOutcomeAfter(killedAt, killedPartitions, requests, outcomes);
                    System.out.printf("scale-out: %d ids sent, %d answered, %d outcomes, %d seen at the kill%n",
                            expected, answered.size(), outcomes.size(), seenAtKill);
                    System.out.printf("scale-out: duplicates observed %d%n", outcomes.size() - expected);
                    System.out.printf("scale-out: killed instance owned partitions %s; kill -> first outcome from "
                                    + "the new owner %s; kill -> all answered %.1f s%n", killedPartitions,
                            takeover.isPresent() ? String.format("%.1f s", takeover.getAsLong() / 1e3) : "-",
                            Duration.between(killedAt, allAnswered).toMillis() / 1e3);
                    assertThat(answered).as("every id answered").containsAll(requests.expected().keySet());
                } finally {
                    joined.close();
                }
            } finally {
                if (stopped.isActive()) {
                    stopped.close();
                }
                killed.destroyForcibly();
            }
        }
    }

    /** Milliseconds from {@code since} to the first outcome written after it for a record of these partitions. */
    private static OptionalLong firstOutcomeAfter(Instant since, Set<Integer> partitions, RequestProducer requests,
                                                  List<OutcomeCollector.Outcome> outcomes) {
        Map<String, Integer> partitionOf = new HashMap<>();
        for (RequestProducer.Sent record : requests.sent()) {
            record.outcomeKeys().forEach(key -> partitionOf.put(key, record.partition()));
        }
        long from = since.toEpochMilli();
        return outcomes.stream()
                .filter(o -> o.timestamp() > from && partitions.contains(partitionOf.get(o.requestAndId())))
                .mapToLong(o -> o.timestamp() - from).min();
    }

    private static int partitionOf(String topicPartition) {
        return Integer.parseInt(topicPartition.substring(topicPartition.lastIndexOf('-') + 1));
    }

    private static List<String> outcomesMissingBelow(Map<TopicPartition, OffsetAndMetadata> committed,
                                                     RequestProducer requests, OutcomeCollector collector) {
        Set<String> seen = new HashSet<>(OutcomeCollector.countByRequestAndId(collector.drain(Duration.ofMillis(500)))
                .keySet());
        List<String> missing = new ArrayList<>();
        for (RequestProducer.Sent record : requests.sent()) {
            OffsetAndMetadata offset = committed.get(new TopicPartition("scale.requests", record.partition()));
            if (offset != null && record.offset() < offset.offset()) {
                record.outcomeKeys().stream().filter(key -> !seen.contains(key)).forEach(missing::add);
            }
        }
        return missing;
    }
}
