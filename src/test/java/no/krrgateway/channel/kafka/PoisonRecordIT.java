// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A record whose outcomes can never be published does not block its partition: it ends as PROCESSING_FAILED, in both
 * delivery modes (exactly-once: in the transaction after the one its failure aborted).
 */
class PoisonRecordIT {
    @ParameterizedTest
    @ValueSource(strings = {"at-least-once", "exactly-once"})
    void recordWhoseOutcomeIsTooLargeForTheBroker_triedBoundedTimesThenErrorAndThePartitionMovesOn(String delivery)
            throws Exception {
        var topics = TestBroker.createTopics("poison-" + delivery, 1);
        List<String> ids = TestIds.valid(7, 41);
        var requests = new RequestProducer(topics.requests());
        requests.send("before", ids.subList(0, 3), null);
        // A 700 KB correlation id fits in the request, but every outcome copies it twice (header and JSON field):
        // over the producer's 1 MB limit, so publishing fails however often it is tried.
        requests.send("poison", ids.subList(3, 4), "x".repeat(700_000));
        requests.send("after", ids.subList(4, 7), null);

        try (var simulator = SimulatorServer.start(Map.of());
             var collector = new OutcomeCollector(topics.results(), topics.errors());
             var completionReader = new OutcomeCollector(topics.completed())) {
            Map<String, Object> properties = simulator.gatewayProperties(topics, "poison-" + delivery);
            properties.put("gateway.kafka.delivery", delivery);
            properties.put("gateway.kafka.instance-id", "poison");
            properties.put("gateway.kafka.max-attempts", "2");
            // Above the limit's default, which would answer this record as MALFORMED_REQUEST before any publishing.
            properties.put("gateway.limits.max-correlation-id-length", "1000000");
            try (var gateway = GatewayProcess.start(properties)) {
                // The completion records of the poison record and the one after it come only once their batch is
                // committed: a batch that kept failing (and answering the poison record again) never gets there.
                var completions = completionReader.awaitUntil(seen -> seen.stream().map(o -> o.key()).toList()
                        .containsAll(List.of("poison", "after")), Duration.ofSeconds(90));
                assertThat(completions.stream().filter(c -> "poison".equals(c.key())).toList())
                        .singleElement().satisfies(c -> {
                            // counted once, as sent: not the failed attempt that carried the correlation id too
                            assertThat(c.value().get("ids").asLong()).isEqualTo(1);
                            assertThat(c.value().at("/errors/PROCESSING_FAILED").asLong()).isEqualTo(1);
                            assertThat(c.value().path("correlationId").isNull()
                                    || c.value().path("correlationId").isMissingNode()).isTrue();
                        });
                var outcomes = collector.drain(Duration.ofSeconds(2));
                Map<String, Long> counts = OutcomeCollector.countByRequestAndId(outcomes);
                assertThat(counts.keySet()).contains("after/" + ids.get(4), "after/" + ids.get(5),
                        "after/" + ids.get(6), "before/" + ids.get(0));
                var poison = outcomes.stream().filter(o -> "poison".equals(o.value().path("requestId").asText()))
                        .toList();
                assertThat(poison).singleElement().satisfies(o -> {
                    assertThat(o.topic()).isEqualTo(topics.errors());
                    assertThat(o.value().at("/error/code").asText()).isEqualTo("PROCESSING_FAILED");
                    assertThat(o.value().has("correlationId")).isFalse();
                });
            }
        }
    }

    /**
     * The results topic's max.message.bytes (10,000) is below the producer's batch size (128 KiB): the broker refuses
     * the batch holding one outcome over it, and the producer splits it into batches of its batch size, the same batch
     * again, until delivery.timeout.ms (120 s). Each failed try of the record's batch, and every other record the
     * consumer holds, may wait no longer than one KRR call's timeout (gateway.krr.timeout) for it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"at-least-once", "exactly-once"})
    void outcomeOverTheTopicsMessageSize_failsWithinTheKrrTimeoutPerTry(String delivery) throws Exception {
        var topics = TestBroker.createTopics("refused-" + delivery, 1);
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            var small = new AlterConfigOp(new ConfigEntry("max.message.bytes", "10000"), AlterConfigOp.OpType.SET);
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topics.results()),
                    List.of(small), new ConfigResource(ConfigResource.Type.TOPIC, topics.notifiable()),
                    List.of(small))).all().get();
        }
        List<String> ids = TestIds.valid(7, 43);
        var requests = new RequestProducer(topics.requests());
        requests.send("before", ids.subList(0, 3), null);
        // incompressible (lz4), and twice in its outcome (header and field): 30 KB, all the others under 1 KB
        requests.send("refused", ids.subList(3, 4), new Random(43).ints(20_000, 'a', 'z' + 1)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
        requests.send("after", ids.subList(4, 7), null);
        try (var simulator = SimulatorServer.start(Map.of());
             var completionReader = new OutcomeCollector(topics.completed())) {
            Map<String, Object> properties = simulator.gatewayProperties(topics, "refused-" + delivery);
            properties.put("gateway.kafka.delivery", delivery);
            properties.put("gateway.kafka.instance-id", "refused");
            properties.put("gateway.kafka.max-attempts", "1");
            properties.put("gateway.krr.timeout", "5s");
            properties.put("gateway.limits.max-correlation-id-length", "20000");
            Instant start = Instant.now();
            try (var gateway = GatewayProcess.start(properties)) {
                // two tries fail (the batch, then the record alone) before it is answered: 10 s, and start-up
                var completions = completionReader.awaitUntil(seen -> seen.stream().map(o -> o.key()).toList()
                        .containsAll(List.of("before", "refused", "after")), Duration.ofSeconds(60));
                assertThat(completions.stream().map(o -> o.key()).toList())
                        .as("all three requests completed within 60 s (took %s)", Duration.between(start,
                                Instant.now())).contains("before", "refused", "after");
                assertThat(completions.stream().filter(c -> "refused".equals(c.key())).toList()).singleElement()
                        .satisfies(c -> assertThat(c.value().at("/errors/PROCESSING_FAILED").asLong()).isEqualTo(1));
            }
        }
    }
}
