// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
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
import org.junit.jupiter.api.Test;

/**
 * Issue 5, scenario 1: the gateway as a separate JVM (the built jar) is killed with SIGKILL at random moments while it
 * works through its load (the moments are random points of progress, so that each kill lands mid-run), and started
 * again each time; in the end every id has an outcome. Duplicates are counted: at-least-once allows them.
 * 20,000 ids and 3 kills by default; the 50,000 ids and 5 kills with {@code -Dresilience.long=true}.
 */
class GatewayKillIT {

    /** The 50,000 ids and 5 kills take minutes of JVM start-ups: the default run does fewer. */
    private static final int IDS = Integer.getInteger("resilience.kill.ids", Harness.LONG ? 50_000 : 20_000);
    private static final int KILLS = Integer.getInteger("resilience.kills", Harness.LONG ? 5 : 3);
    private static final long SEED = Long.getLong("resilience.seed", 5);

    @Test
    void gatewayKilledRepeatedly_everyIdAnsweredDuplicatesCounted() throws Exception {
        var topics = TestBroker.createTopics("kill", 6);
        Random random = new Random(SEED);
        // KRR latency and small batches keep the run long enough for every kill to land mid-run: since the faster
        // outcome writer (issue 15) a quiet machine answered all ids before the second kill.
        try (var simulator = SimulatorServer.start(Map.of("gateway.simulator.latency", "400ms"));
             var tally = new OutcomeTally(TestBroker.bootstrapServers(), topics.results(), topics.errors())) {
            RequestProducer requests = new RequestProducer(topics.requests());
            requests.sendInMixedForms(TestIds.valid(IDS, 51), random);
            Set<String> expected = requests.expected().keySet();

            Map<String, Object> properties = simulator.gatewayProperties(topics, "kill");
            properties.put("gateway.kafka.max-poll-records", "500");
            properties.put("gateway.krr.batch-size", "100");
            properties.putAll(GatewayProcess.QUICK_FAILOVER);

            double[] killAt = random.doubles(KILLS, 0.05, 0.8).sorted().toArray();
            long began = System.nanoTime();
            try (var gateway = new GatewayJvm("kill", "512m", properties)) {
                gateway.start();
                List<GatewayJvm.Kill> kills = gateway.killAtProgress(tally, expected, killAt, random);
                List<Long> answeredAtKills = kills.stream().map(GatewayJvm.Kill::answeredAtKill).toList();
                List<Long> recoveries = kills.stream().map(GatewayJvm.Kill::restartToFirstOutcomeNanos).toList();
                long answered = tally.awaitAnswered(expected, expected.size(), Duration.ofMinutes(5));
                long took = System.nanoTime() - began;
                tally.settle(Duration.ofSeconds(3));
                gateway.stop();

                Map<String, Integer> counts = tally.counts();
                long duplicates = expected.stream().mapToLong(key -> counts.getOrDefault(key, 0)).sum() - answered;
                JsonNode stats = simulator.stats();
                long krrCalls = stats.get("krrCalls").asLong();
                long minimum = (IDS + 999) / 1000;
                Harness.note(String.format("kill: %d ids, %d kills at %s answered, %d starts, seed %d, %s in all",
                        IDS, KILLS, answeredAtKills, gateway.starts(), SEED, Harness.seconds(took)));
                Harness.note("kill: restart to first new outcome " + recoveries.stream().map(Harness::seconds)
                        .collect(Collectors.joining(", ")));
                Harness.report("1 SIGKILL x" + KILLS + " (jar)", expected.size(), answered, duplicates,
                        krrCalls + " vs " + minimum,
                        "restart -> first outcome: max " + Harness.seconds(recoveries.stream().mapToLong(r -> r)
                                .max().orElse(-1)),
                        String.format("%.1f%% duplicates", 100.0 * duplicates / expected.size()));

                assertThat(answered).as("ids with an outcome").isEqualTo(expected.size());
                assertThat(counts.keySet()).as("outcomes nobody asked for").isSubsetOf(expected);
                assertThat(answeredAtKills).as("every kill came mid-run").allMatch(n -> n < expected.size());
                assertThat(recoveries).as("each restart produced outcomes").allMatch(r -> r > 0);
            }
        }
    }
}
