// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, scenario 3: KRR down in the middle of a run while requests keep coming. Consumption pauses (nothing
 * answered, nothing committed, health {@code krr} DEGRADED with intake held back), the gateway's heap stays bounded
 * (it runs as the built jar with {@code -Xmx256m} and exits on OutOfMemoryError), and after recovery every id is
 * answered. The outage lasts 20 s by default, 60 s with {@code -Dresilience.long=true}.
 */
class KrrOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("resilience.outage-seconds",
            Harness.LONG ? 60 : 20));
    private static final int IDS_PER_SECOND = 1000;
    private static final int CHUNK = 250;

    @Test
    void krrDownMidRun_intakeHeldBackHeapBoundedEverythingAnsweredAfter() throws Exception {
        var topics = TestBroker.createTopics("outage", 6);
        Random random = new Random(31);
        var ids = TestIds.valid(5000 + (int) OUTAGE.toSeconds() * IDS_PER_SECOND, 32);  // at most this many
        try (var simulator = SimulatorServer.start(Map.of());
             var tally = new OutcomeTally(TestBroker.bootstrapServers(), topics.results(), topics.errors())) {
            Map<String, Object> properties = simulator.gatewayProperties(topics, "outage");
            properties.put("gateway.hold-back.initial-delay", "2s");
            properties.put("gateway.hold-back.max-delay", "10s");
            RequestProducer requests = new RequestProducer(topics.requests());
            try (var gateway = new GatewayJvm("outage", "256m", properties)) {
                gateway.start();
                requests.sendInMixedForms(ids.subList(0, 5000), random);
                assertThat(tally.awaitAnswered(requests.expected().keySet(), 5000, Duration.ofMinutes(3)))
                        .as("answered before the outage").isEqualTo(5000);
                long heapBefore = maxHeap(gateway, 5);

                simulator.faults("{\"krrStatus\":503,\"krrCount\":-1}");
                long callsAtStart = simulator.stats().get("krrCalls").asLong();
                long outageStart = System.nanoTime();
                boolean heldBack = false;
                long heapDuring = 0;
                long frozenCommits = -1;
                long frozenOutcomes = -1;
                // Requests keep coming while KRR is down: the backlog must wait in Kafka, not in the gateway's heap.
                int sent = 5000;
                while (System.nanoTime() - outageStart < OUTAGE.toNanos()) {
                    if (sent < ids.size()) {
                        requests.sendInMixedForms(ids.subList(sent, sent + CHUNK), random);
                        sent += CHUNK;
                    }
                    heapDuring = Math.max(heapDuring, gateway.heapUsed());
                    JsonNode krr = gateway.health("krr");
                    boolean held = krr != null && "DEGRADED".equals(krr.at("/status").asText())
                            && "held back".equals(krr.at("/details/intake").asText());
                    if (held && !heldBack) {
                        heldBack = true;
                        frozenCommits = Harness.committedOffsets(TestBroker.bootstrapServers(), "outage");
                        frozenOutcomes = tally.total();
                    }
                    Thread.sleep(250); // deliberate: the sampling interval over the fixed outage window
                }
                long committedAtEnd = Harness.committedOffsets(TestBroker.bootstrapServers(), "outage");
                long outcomesAtEnd = tally.total();
                long waitingAtEnd = requests.expected().size() - tally.answered(requests.expected().keySet());
                long callsDuring = simulator.stats().get("krrCalls").asLong() - callsAtStart;
                assertThat(gateway.isAlive()).as("the gateway survived the outage in 256 MB").isTrue();

                simulator.clearFaults();
                long back = System.nanoTime();
                long outageTook = back - outageStart;
                long first = tally.awaitFirstArrivalAfter(back, Duration.ofMinutes(2));
                var expected = requests.expected().keySet();
                long answered = tally.awaitAnswered(expected, expected.size(), Duration.ofMinutes(3));
                long heapAfter = maxHeap(gateway, 3);
                tally.settle(Duration.ofSeconds(2));
                Map<String, Integer> counts = tally.counts();
                long duplicates = expected.stream().mapToLong(key -> counts.getOrDefault(key, 0)).sum() - answered;

                Harness.note(String.format("outage: %s, %,d ids sent meanwhile; heap max %d MB before, %d MB during, "
                                + "%d MB after (-Xmx256m); %d KRR calls during the outage; %,d ids waiting at its end",
                        Harness.seconds(outageTook), sent - 5000, heapBefore >> 20, heapDuring >> 20, heapAfter >> 20, callsDuring,
                        waitingAtEnd));
                Harness.report("3 KRR down " + OUTAGE.toSeconds() + " s", expected.size(), answered, duplicates,
                        callsDuring + " during the outage",
                        "KRR back -> first outcome " + Harness.seconds(first < 0 ? -1 : first - back),
                        String.format("heap max %d/%d/%d MB before/during/after", heapBefore >> 20,
                                heapDuring >> 20, heapAfter >> 20));

                assertThat(heldBack).as("health krr DEGRADED with intake held back").isTrue();
                assertThat(committedAtEnd).as("nothing committed while KRR is down").isEqualTo(frozenCommits);
                assertThat(outcomesAtEnd).as("nothing answered while KRR is down").isEqualTo(frozenOutcomes);
                assertThat(heapDuring).as("heap during the outage").isPositive().isLessThan(200L << 20);
                assertThat(answered).as("ids with an outcome after recovery").isEqualTo(expected.size());
                assertThat(counts.keySet()).as("outcomes nobody asked for").isSubsetOf(expected);
            }
        }
    }

    private static long maxHeap(GatewayJvm gateway, int samples) throws InterruptedException {
        long max = 0;
        for (int i = 0; i < samples; i++) {
            max = Math.max(max, gateway.heapUsed());
            Thread.sleep(200); // deliberate: the sampling interval
        }
        return max;
    }
}
