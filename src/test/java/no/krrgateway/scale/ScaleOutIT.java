// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import no.krrgateway.support.TestKeys;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several instances in one consumer group: one in its own JVM (killed with SIGKILL), two in this JVM (one joins
 * mid-run, one stops gracefully). Every id gets an outcome, and at the moment of the kill no committed offset is past
 * a record whose outcomes were not all written.
 */
class ScaleOutIT {

    private static final String GROUP = "scale-out";
    @TempDir
    static Path work;

    @Test
    void joinStopAndKillMidRun_everyIdAnsweredAndNoCommitAheadOfItsOutcomes() throws Exception {
        Path clientKey = TestKeys.writeJwk(work, "scale");
        var topics = TestBroker.createTopics("scale", 6);
        var requests = new RequestProducer(topics.requests());
        requests.sendInMixedForms(TestIds.valid(20_000, 51), new Random(52));

        try (var simulator = SimulatorServer.start(clientKey, Map.of("gateway.simulator.latency", "400ms"));
             var collector = new OutcomeCollector(topics.results(), topics.errors())) {
            Map<String, Object> properties = new HashMap<>(simulator.gatewayProperties(clientKey));
            properties.putAll(topics.asProperties());
            properties.put("gateway.kafka.group-id", GROUP);
            properties.put("gateway.kafka.consumers", "1");
            properties.put("gateway.kafka.max-poll-records", "100");
            properties.put("gateway.krr.batch-size", "100");
            properties.put("gateway.krr.max-concurrent-calls", "2");

            Process killed = GatewayProcess.startJvm(properties, work.resolve("instance-b.log"), "384m");
            var stopped = GatewayProcess.start(properties);
            try {
                collector.awaitAtLeast(3_000, Duration.ofSeconds(120));
                var joined = GatewayProcess.start(properties);
                try {
                    collector.awaitAtLeast(8_000, Duration.ofSeconds(120));
                    stopped.close();
                    collector.awaitAtLeast(11_000, Duration.ofSeconds(120));

                    killed.destroyForcibly().waitFor();
                    Instant killedAt = Instant.now();
                    int seenAtKill = collector.awaitAtLeast(0, Duration.ZERO).size();
                    Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets();
                    collector.drain(Duration.ofSeconds(2));
                    List<String> missing = outcomesMissingBelow(committed, requests, collector);
                    assertThat(missing).as("outcomes of records below a committed offset").isEmpty();

                    var outcomes = collector.awaitUntil(seen -> OutcomeCollector.countByRequestAndId(seen).keySet()
                            .containsAll(requests.expected().keySet()), Duration.ofSeconds(240));
                    Instant allAnswered = Instant.now();
                    assertThat(OutcomeCollector.countByRequestAndId(outcomes).keySet())
                            .as("every id answered").containsAll(requests.expected().keySet());
                    long expected = requests.expected().values().stream().mapToLong(n -> n).sum();
                    System.out.printf("scale-out: %d ids sent, %d outcomes (%d duplicates), %d seen at the kill; "
                                    + "all answered %d s after the kill%n", expected, outcomes.size(),
                            outcomes.size() - expected, seenAtKill, Duration.between(killedAt, allAnswered).toSeconds());
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

    private static Map<TopicPartition, OffsetAndMetadata> committedOffsets() throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            return admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
        }
    }
}
