// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Records no request could be on a tenant's topic: one error each, the partition goes on and is committed. */
class TenantPoisonRecordsIT {

    @RegisterExtension
    static final SimulatorServer simulator = SimulatorServer.perClass(Map.of());

    @Test
    void notUtf8_empty_tombstone_tenThousandHeaders_oneOutcomeEach() throws Exception {
        var topics = TestBroker.createTopics("tenant-poison", 1);
        String tenantTopic = TestBroker.createTopic("tenant-poison.a.requests", 1);
        Map<String, Object> properties = simulator.gatewayProperties(topics, "tenant-poison");
        properties.put("gateway.tenants.910000001.request-topics[0]", tenantTopic);
        var ids = TestIds.valid(2, 261);
        var headers = new ProducerRecord<byte[], byte[]>(tenantTopic, 0, null,
                ("{\"requestId\":\"headers\",\"personidentifikator\":\"" + ids.get(0) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 10_000; i++) {
            headers.headers().add("h" + i, new byte[] {(byte) 0xff});
        }
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestBroker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(tenantTopic, 0, null, new byte[] {(byte) 0xc3, 0x28})).get();
            producer.send(new ProducerRecord<>(tenantTopic, 0, null, concat("{\"requestId\":\"bad-utf8\","
                    + "\"personidentifikatorer\":[\"", new byte[] {(byte) 0xff, (byte) 0xfe}, "\"]}"))).get();
            producer.send(new ProducerRecord<>(tenantTopic, 0, null, new byte[0])).get();
            producer.send(new ProducerRecord<byte[], byte[]>(tenantTopic, 0, null, null)).get();
            producer.send(headers).get();
            producer.send(new ProducerRecord<>(tenantTopic, 0, null, ("{\"requestId\":\"after\","
                    + "\"personidentifikator\":\"" + ids.get(1) + "\"}").getBytes(StandardCharsets.UTF_8))).get();
        }
        try (var gateway = GatewayProcess.start(properties);
             var outcomes = new OutcomeCollector(topics.results(), topics.errors())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> TestBroker.committedOffsets("tenant-poison")
                    .get(new TopicPartition(tenantTopic, 0)), offset -> offset != null && offset.offset() == 6);
            var written = outcomes.drain(Duration.ofSeconds(3));
            assertThat(written).as(written.toString()).hasSize(6);
            assertThat(written).filteredOn(o -> o.topic().equals(topics.errors())).hasSize(4);
            assertThat(written).extracting(o -> o.value().path("requestId").asText()).contains("headers", "after",
                    "bad-utf8", tenantTopic + "-0-0", tenantTopic + "-0-2", tenantTopic + "-0-3");
            assertThat(TestBroker.committedOffsets("tenant-poison").get(new TopicPartition(tenantTopic, 0)))
                    .isEqualTo(new OffsetAndMetadata(6));
        }
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] start = before.getBytes(StandardCharsets.UTF_8);
        byte[] end = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[start.length + middle.length + end.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(middle, 0, all, start.length, middle.length);
        System.arraycopy(end, 0, all, start.length + middle.length, end.length);
        return all;
    }
}
