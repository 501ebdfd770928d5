// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestIds;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, scenario 4: the Kafka broker (its own JVM) is killed mid-run and started again on the same port and log
 * directory; the gateway reconnects, and every id is answered.
 */
class BrokerRestartIT {

    private static final int IDS = 20_000;
    private static final Duration DOWN_FOR = Duration.ofSeconds(Harness.LONG ? 30 : 5);

    @Test
    void brokerKilledAndRestartedMidRun_noIdLost() throws Exception {
        try (var broker = StandaloneBroker.start(Path.of("target", "resilience", "broker"));
             // Some latency per KRR call, so the broker goes down while batches are in flight.
             var simulator = SimulatorServer.start(Map.of("gateway.simulator.latency", "200ms"))) {
            var topics = broker.createTopics("broker-restart", 6);
            RequestProducer requests = new RequestProducer(broker.bootstrapServers(), topics.requests());
            requests.sendInMixedForms(TestIds.valid(IDS, 41), new Random(42));
            Set<String> expected = requests.expected().keySet();

            Map<String, Object> properties = simulator.gatewayProperties(topics, "broker-restart");
            properties.put("camel.component.kafka.brokers", broker.bootstrapServers());
            properties.put("gateway.kafka.max-poll-records", "300");
            try (var tally = new OutcomeTally(broker.bootstrapServers(), topics.results(), topics.errors());
                 var gateway = GatewayProcess.start(properties)) {
                tally.awaitAnswered(expected, expected.size() * 3L / 10, Duration.ofMinutes(3));
                long committedAtKill = Harness.committedOffsets(broker.bootstrapServers(), "broker-restart");
                broker.kill();
                long answeredAtKill = tally.answered(expected);
                Thread.sleep(DOWN_FOR.toMillis()); // deliberate: the broker stays down this long
                broker.start();
                long back = System.nanoTime();
                long recovery = awaitCommitBeyond(broker.bootstrapServers(), committedAtKill, back);

                long answered = tally.awaitAnswered(expected, expected.size(), Duration.ofMinutes(4));
                tally.settle(Duration.ofSeconds(3));
                Map<String, Integer> counts = tally.counts();
                long duplicates = expected.stream().mapToLong(key -> counts.getOrDefault(key, 0)).sum() - answered;
                long krrCalls = simulator.stats().get("krrCalls").asLong();
                Harness.report("4 broker SIGKILL + restart", expected.size(), answered, duplicates,
                        krrCalls + " vs " + (IDS + 999) / 1000,
                        "broker back -> first new commit " + Harness.seconds(recovery),
                        String.format("down %d s; %,d answered at the kill", DOWN_FOR.toSeconds(), answeredAtKill));

                assertThat(answeredAtKill).as("the broker went down mid-run").isLessThan(expected.size());
                assertThat(recovery).as("the gateway committed again after the broker came back").isPositive();
                assertThat(answered).as("ids with an outcome").isEqualTo(expected.size());
                assertThat(counts.keySet()).as("outcomes nobody asked for").isSubsetOf(expected);
            }
        }
    }

    /** Nanos from {@code since} until the gateway's committed offsets pass {@code committed}; -1 if never. */
    private static long awaitCommitBeyond(String bootstrap, long committed, long since) {
        try {
            org.awaitility.Awaitility.await("commits beyond " + committed).atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(250)).ignoreExceptions() // the broker may still be recovering
                    .until(() -> Harness.committedOffsets(bootstrap, "broker-restart") > committed);
            return System.nanoTime() - since;
        } catch (org.awaitility.core.ConditionTimeoutException never) {
            return -1;
        }
    }
}
