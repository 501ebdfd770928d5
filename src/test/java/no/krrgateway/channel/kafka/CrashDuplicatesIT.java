// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.krrgateway.support.Actuator;
import no.krrgateway.support.FreezeAfterPublish;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.PrometheusScrape;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway in its own JVM is killed with SIGKILL exactly after a batch's outcomes were published and before its
 * offsets were committed ({@link FreezeAfterPublish}); the instance that takes its partitions over answers those
 * records again, and counts them in {@code gateway_duplicates_possible_total{channel="kafka"}}: at least the duplicates
 * seen on the outcome topics, and exactly the outcomes of the records below the in-flight mark the killed instance left
 * in the group's committed offsets.
 */
class CrashDuplicatesIT {

    private static final String GROUP = "crash-dups";
    private static final Pattern MARK_TIME = Pattern.compile("In-flight mark for \\d+ partitions committed in (\\d+) us");

    @TempDir
    static Path work;

    @Test
    void killedBetweenPublishAndCommit_newOwnerCountsTheOutcomesItRepeats() throws Exception {
        var topics = TestBroker.createTopics("dups", 3);
        var requests = new RequestProducer(topics.requests());
        requests.sendInMixedForms(TestIds.valid(3_000, 61), new Random(62));

        try (var simulator = SimulatorServer.start(Map.of());
             var collector = new OutcomeCollector(topics.results(), topics.errors())) {
            Map<String, Object> properties = simulator.gatewayProperties(topics, GROUP);
            properties.put("gateway.kafka.consumers", "1");
            properties.put("gateway.kafka.max-poll-records", "100");
            properties.putAll(GatewayProcess.QUICK_FAILOVER);
            // The in-flight mark's commit time, for the cost of the mark.
            properties.put("logging.level.no.krrgateway.channel.kafka.InFlightMarker", "DEBUG");

            Path signal = work.resolve("published-not-committed");
            Path log = Files.createDirectories(Path.of("target", "crash-dups")).resolve("frozen.log");
            Map<String, Object> frozen = new HashMap<>(properties);
            frozen.put("test.freeze.after-publishes", "3");
            frozen.put("test.freeze.signal", signal.toString());
            Process killed = GatewayProcess.startJvm(frozen, log, "384m", FreezeAfterPublish.class);
            try {
                Awaitility.await("third batch published").atMost(Duration.ofSeconds(120))
                        .until(() -> Files.exists(signal) || !killed.isAlive());
                assertThat(killed.isAlive()).as("the first instance is frozen after publishing, see " + log).isTrue();
            } finally {
                killed.destroyForcibly().waitFor();
            }

            // The killed instance's in-flight marks, and the outcomes of the records below them (all published).
            Map<TopicPartition, OffsetAndMetadata> atKill = TestBroker.committedOffsets(GROUP);
            Map<Integer, long[]> marked = new HashMap<>();
            atKill.forEach((partition, committed) -> {
                OptionalLong until = InFlightMark.pending(committed);
                until.ifPresent(e -> marked.put(partition.partition(), new long[] {committed.offset(), e}));
            });
            assertThat(marked).as("in-flight marks left by the killed instance: %s", atKill).isNotEmpty();
            Set<String> atRisk = new HashSet<>();
            for (RequestProducer.Sent record : requests.sent()) {
                long[] range = marked.get(record.partition());
                if (range != null && record.offset() >= range[0] && record.offset() < range[1]) {
                    atRisk.addAll(record.outcomeKeys());
                }
            }
            List<OutcomeCollector.Outcome> seenAtKill = collector.drain(Duration.ofSeconds(2));
            assertThat(OutcomeCollector.countByRequestAndId(seenAtKill).keySet())
                    .as("outcomes of the marked records were published before the kill").containsAll(atRisk);

            var successor = GatewayProcess.start(properties);
            try {
                Set<String> expected = requests.expected().keySet();
                collector.awaitUntil(seen -> OutcomeCollector.countByRequestAndId(seen).keySet()
                        .containsAll(expected), Duration.ofSeconds(180));
                List<OutcomeCollector.Outcome> outcomes = collector.drain(Duration.ofSeconds(2));
                Map<String, Long> counts = OutcomeCollector.countByRequestAndId(outcomes);
                long duplicates = counts.values().stream().mapToLong(n -> n - 1).sum();
                double counted = new PrometheusScrape(Actuator.get(successor, "/actuator/prometheus").body())
                        .sum("gateway_duplicates_possible_total", "channel", "kafka");
                System.out.printf("crash-dups: %d ids sent, %d answered, %d outcomes seen at the kill; marks %s; "
                                + "%d outcomes below the marks; duplicates observed %d, "
                                + "gateway_duplicates_possible_total %.0f; in-flight mark commit %s%n",
                        expected.size(), counts.keySet().stream().filter(expected::contains).count(),
                        seenAtKill.size(), describe(marked), atRisk.size(), duplicates, counted, markTimes(log));

                assertThat(counts.keySet()).as("every id answered").containsAll(expected);
                assertThat(duplicates).as("the crash caused duplicates").isPositive();
                assertThat(counted).as("the metric is an upper bound of the duplicates").isGreaterThanOrEqualTo(duplicates);
                assertThat(counted).as("the metric counts the outcomes below the marks").isEqualTo(atRisk.size());

                Awaitility.await("marks cleared by the successor's commits").atMost(Duration.ofSeconds(30))
                        .until(() -> TestBroker.committedOffsets(GROUP).values().stream()
                                .allMatch(o -> o != null && InFlightMark.pending(o).isEmpty()));
            } finally {
                successor.close();
            }
        }
    }

    private static String describe(Map<Integer, long[]> marked) {
        StringBuilder text = new StringBuilder();
        marked.forEach((partition, range) -> text.append(text.isEmpty() ? "" : ", ").append(partition).append(": [")
                .append(range[0]).append(", ").append(range[1]).append(')'));
        return text.toString();
    }

    /** The killed instance's in-flight mark commits (its DEBUG log): how many, median and max. */
    private static String markTimes(Path log) throws Exception {
        List<Long> micros = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher time = MARK_TIME.matcher(line);
            if (time.find()) {
                micros.add(Long.parseLong(time.group(1)));
            }
        }
        if (micros.isEmpty()) {
            return "not logged";
        }
        micros.sort(null);
        return String.format("x%d, median %.1f ms, max %.1f ms", micros.size(), micros.get(micros.size() / 2) / 1e3,
                micros.get(micros.size() - 1) / 1e3);
    }
}
