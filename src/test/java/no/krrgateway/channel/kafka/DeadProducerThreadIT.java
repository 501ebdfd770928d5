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
import no.krrgateway.support.TestBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared producer's I/O thread killed by an Error thrown in it (here by an interceptor's onAcknowledgement, as the
 * StackOverflowError in FutureRecordMetadata.chain did): no acknowledgement ever comes, and none of its callbacks runs.
 */
@Timeout(120)
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

    private static Properties settings() {
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "3000");
        settings.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, DyingInterceptor.class.getName());
        return settings;
    }

    /** Throws an Error in the producer's I/O thread at the first acknowledgement once armed: the thread dies. */
    public static class DyingInterceptor implements ProducerInterceptor<byte[], byte[]> {

        static final AtomicBoolean ARMED = new AtomicBoolean();

        @Override
        public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
            return record;
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
