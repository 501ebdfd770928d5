// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.krrgateway.simulator.FaultSettings;
import no.krrgateway.simulator.SimulatorFaults;
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
 * A batch that outlasts {@code gateway.kafka.max-poll-interval}: the group takes its partition away while KRR is
 * still answering, so the batch cannot be committed (Kafka refuses a commit from a consumer that lost its
 * partitions). It is abandoned uncommitted and done again by the partition's next owner, here the same consumer after
 * it rejoins; the pipeline does not stall and no id goes unanswered.
 */
class SlowBatchIT {

    private static final String GROUP = "slow-batch";

    @Test
    void batchLongerThanMaxPollInterval_isAbandonedUncommittedAndDoneAgain() throws Exception {
        var topics = TestBroker.createTopics("slow", 1);
        var requests = new RequestProducer(topics.requests());
        List<String> ids = TestIds.valid(5, 77);

        try (var simulator = SimulatorServer.start(Map.of());
             var collector = new OutcomeCollector(topics.results(), topics.errors())) {
            SimulatorFaults faults = simulator.context().getBean(SimulatorFaults.class);
            Duration slow = Duration.ofSeconds(6);
            faults.replace(new FaultSettings(null, null, null, null, null, null, null, null, null, slow, slow, null,
                    null, null, null, null, null));
            Map<String, Object> properties = simulator.gatewayProperties(topics, GROUP);
            properties.put("gateway.kafka.consumers", "1");
            properties.put("gateway.kafka.max-poll-interval", "3s");
            properties.put("gateway.krr.retry-attempts", "1");

            try (var gateway = GatewayProcess.start(properties)) {
                MeterRegistry meters = gateway.getBean(MeterRegistry.class);
                requests.send("slow-1", ids, null);

                // The partition is taken away mid-batch: the consumer finds it lost at its next poll.
                await().atMost(Duration.ofSeconds(60)).until(() -> lostPartitions(meters) > 0);
                faults.clear();

                List<OutcomeCollector.Outcome> outcomes = collector.awaitUntil(seen -> OutcomeCollector.countByRequestAndId(seen).keySet()
                        .containsAll(requests.expected().keySet()), Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(30)).until(() -> Long.valueOf(1).equals(committed(topics.requests())));
                outcomes = collector.drain(Duration.ofSeconds(2));
                System.out.printf("slow batch: %d ids, %d outcomes, partitions lost or revoked %.0f times, committed offset %d%n",
                        ids.size(), outcomes.size(), lostPartitions(meters), committed(topics.requests()));
                assertThat(OutcomeCollector.countByRequestAndId(outcomes).keySet())
                        .as("every id answered").containsAll(requests.expected().keySet());
            }
        }
    }

    /** Lost (the group moved on without this consumer) or revoked: Kafka reports either, by timing. */
    private static double lostPartitions(MeterRegistry meters) {
        return meters.find("gateway.kafka.rebalances").tag("event", "lost").counters().stream()
                .mapToDouble(c -> c.count()).sum()
                + meters.find("gateway.kafka.rebalances").tag("event", "revoked").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private static Long committed(String topic) {
        OffsetAndMetadata offset = TestBroker.committedOffsets(GROUP).get(new TopicPartition(topic, 0));
        return offset == null ? null : offset.offset();
    }
}
