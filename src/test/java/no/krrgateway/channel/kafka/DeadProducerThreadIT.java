// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The shared producer's I/O thread killed by an Error thrown in it (here by an interceptor's onAcknowledgement, as the
 * StackOverflowError in FutureRecordMetadata.chain did): no acknowledgement ever comes, and none of its callbacks runs.
 */
@Timeout(120)
@ExtendWith(OutputCaptureExtension.class)
class DeadProducerThreadIT {

    @Test
    void ioThreadDiedOfAnError_batchWaitFailsWithinDeliveryTimeout_nextSendOnANewProducer() {
        String topic = TestBroker.createTopic("dead-producer-thread", 1);
        List<Producer<byte[], byte[]>> made = new CopyOnWriteArrayList<>();
        var sender = new KafkaRecordSender(() -> {
            var producer = new KafkaProducer<>(settings(), new ByteArraySerializer(), new ByteArraySerializer());
            made.add(producer);
            return producer;
        }, () -> Duration.ofSeconds(3));
        DyingInterceptor.ARMED.set(true);
        var batch = new KafkaRecordSender.Pending();
        sender.send(batch, List.of(new ProducerRecord<>(topic, "a".getBytes())));
        await().atMost(Duration.ofSeconds(30)).until(() -> !DyingInterceptor.ARMED.get());
        // a topic it has no metadata for: this send fails at max.block.ms, its callback run by the caller's thread
        sender.send(batch, List.of(new ProducerRecord<>(TestBroker.createTopic("dead-producer-thread-2", 1),
                "c".getBytes())));

        CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> sender.await(batch));
        // delivery.timeout.ms is 3 s: a producer alive would have called back by then; the wait gives it 10 s more
        await().atMost(Duration.ofSeconds(30)).until(waited::isDone);
        assertThat(waited).isCompletedExceptionally();
        assertThat(sender.stalled()).as("health kafka DOWN").isNotNull();

        sender.sendAndWait(List.of(new ProducerRecord<>(topic, "b".getBytes())));
        assertThat(made).as("the dead producer replaced").hasSize(2);
        assertThat(sender.stalled()).isNull();
        sender.close();
    }

    /**
     * The gateway's producer dies at its first acknowledgement: the batch fails, is not committed, and is done again
     * with a new producer (exactly-once: the open transaction aborted, nothing of it read_committed).
     */
    @ParameterizedTest
    @ValueSource(strings = {"at-least-once", "exactly-once"})
    void gatewaysProducerThreadDies_batchDoneAgainWithANewProducer(String delivery, CapturedOutput output)
            throws Exception {
        var topics = TestBroker.createTopics("dead-producer-" + delivery, 1);
        List<String> ids = TestIds.valid(6, 47);
        var requests = new RequestProducer(topics.requests());
        requests.send("first", ids.subList(0, 3), null);
        requests.send("second", ids.subList(3, 6), null);
        try (var simulator = SimulatorServer.start(Map.of());
             var collector = new OutcomeCollector(topics.results(), topics.errors());
             var completionReader = new OutcomeCollector(topics.completed())) {
            Map<String, Object> properties = simulator.gatewayProperties(topics, "dead-producer-" + delivery);
            properties.put("gateway.kafka.delivery", delivery);
            properties.put("gateway.kafka.instance-id", "dead-producer");
            properties.put("camel.component.kafka.delivery-timeout-ms", "5000");
            properties.put("camel.component.kafka.request-timeout-ms", "3000");
            properties.put("camel.component.kafka.max-block-ms", "5000");
            properties.put("camel.component.kafka.additional-properties[interceptor.classes]",
                    DyingInterceptor.class.getName());
            DyingInterceptor.ARMED.set(true);
            try (var gateway = GatewayProcess.start(properties)) {
                var completions = completionReader.awaitUntil(seen -> seen.stream().map(o -> o.key()).toList()
                        .containsAll(List.of("first", "second")), Duration.ofSeconds(60));
                assertThat(DyingInterceptor.ARMED).as("the producer's I/O thread was killed").isFalse();
                assertThat(completions).extracting(o -> o.key()).containsExactlyInAnyOrder("first", "second");
                assertThat(output.getAll()).containsOnlyOnce("Kafka acknowledged nothing within 15 s");
                Map<String, Long> counts = OutcomeCollector.countByRequestAndId(collector.drain(Duration.ofSeconds(2)));
                assertThat(counts).hasSize(6);
                if (delivery.equals("exactly-once")) {
                    assertThat(counts.values()).as("no duplicate read_committed").containsOnly(1L);
                }
            }
        }
    }

    private static Properties settings() {
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "3000");
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        settings.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, DyingInterceptor.class.getName());
        return settings;
    }

    /**
     * Throws an Error in the producer's I/O thread at the first acknowledgement once armed: the thread dies. A consumer
     * interceptor too, as camel-kafka's additional-properties go to its consumers as well.
     */
    public static class DyingInterceptor implements ProducerInterceptor<Object, Object>,
            ConsumerInterceptor<Object, Object> {

        static final AtomicBoolean ARMED = new AtomicBoolean();

        @Override
        public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
            return record;
        }

        @Override
        public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
            return records;
        }

        @Override
        public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
            if (ARMED.compareAndSet(true, false)) {
                throw new OutOfMemoryError("thrown in the producer's I/O thread by a test");
            }
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }
}
