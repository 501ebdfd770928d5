// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.krrgateway.channel.kafka.BatchLimit;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.junit.jupiter.api.Test;

/**
 * Issue 25: exactly-once cannot livelock. KRR answers each call after 1.5 s, and a batch of twelve requests (a KRR
 * call each) takes 18 s, longer than the transaction timeout and max-poll-interval (8 s each): the consumer loses its
 * partitions, the broker aborts the transaction, and the batch is read again. Before, it was read again as it was, for
 * ever; now the next batches take half as many records until they fit, and every id is answered, once, as a
 * read_committed reader sees it.
 */
class SlowExactlyOnceIT {

    private static final int REQUESTS = 12;
    private static final int IDS = 50;

    @Test
    void krrSlowerThanTheTransactionTimeout_noLivelockNoDuplicate() throws Exception {
        var topics = TestBroker.createTopics("slow-eos", 1);
        var requests = new RequestProducer(topics.requests());
        List<String> ids = TestIds.valid(REQUESTS * IDS, 2520);
        for (int n = 0; n < REQUESTS; n++) {
            requests.send("slow-eos-" + n, ids.subList(n * IDS, (n + 1) * IDS), null);
        }

        try (var simulator = SimulatorServer.start(Map.of("gateway.simulator.latency", "1500ms"));
             var collector = new OutcomeCollector(topics.results(), topics.errors())) {
            Map<String, Object> properties = simulator.gatewayProperties(topics, "slow-eos");
            properties.put("gateway.kafka.delivery", "exactly-once");
            properties.put("gateway.kafka.consumers", "1");
            properties.put("gateway.kafka.transaction-timeout", "8s");
            properties.put("gateway.kafka.max-poll-interval", "8s");
            properties.put("gateway.limits.ids-per-slice", String.valueOf(IDS)); // a slice, a KRR call per request
            try (var gateway = GatewayProcess.start(properties)) {
                var outcomes = collector.awaitUntil(seen -> OutcomeCollector.countByRequestAndId(seen).keySet()
                        .containsAll(requests.expected().keySet()), Duration.ofSeconds(240));
                outcomes = collector.drain(Duration.ofSeconds(3));
                int limit = gateway.getBean(BatchLimit.class).limit();
                System.out.printf("slow-eos: %d ids, %d outcomes read_committed; batches take up to %d records%n",
                        ids.size(), outcomes.size(), limit);
                assertThat(OutcomeCollector.countByRequestAndId(outcomes).keySet()).as("every id answered")
                        .containsAll(requests.expected().keySet());
                assertThat(outcomes).as("each once").hasSize(ids.size());
                assertThat(limit).as("batches made smaller").isLessThan(REQUESTS);
            }
        }
    }
}
