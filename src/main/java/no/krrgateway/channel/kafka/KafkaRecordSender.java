// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.camel.Body;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One idempotent kafka-clients producer (acks=all) shared by the instance's consumer threads, with the kafka
 * component's settings (brokers, security, compression, batch size, linger: {@code camel.component.kafka.*}):
 * at-least-once delivery's, and the HTTP API's evidence's (route publish-evidence) in either mode.
 */
public class KafkaRecordSender implements AutoCloseable {

    /** The producer's client.id unless the kafka component names one: in its thread's name and broker metrics. */
    public static final String CLIENT_ID = "krr-gateway-outcomes";

    private final Supplier<Producer<byte[], byte[]>> factory;
    private volatile Producer<byte[], byte[]> producer;

    /** @param factory makes the producer, on first use */
    public KafkaRecordSender(Supplier<Producer<byte[], byte[]>> factory) {
        this.factory = factory;
    }

    /**
     * Hands the records to the producer without waiting, counted in {@code pending}; throws the failure of one sent
     * before instead: a batch stops sending once one of its records failed.
     */
    void send(PendingSends pending, List<ProducerRecord<byte[], byte[]>> records) {
        pending.throwIfFailed();
        Producer<byte[], byte[]> sending = producer();
        for (ProducerRecord<byte[], byte[]> record : records) {
            pending.sending();
            try {
                sending.send(record, pending);
            } catch (RuntimeException e) {
                pending.notSent();
                throw e;
            }
        }
    }

    /**
     * Route step (publish-evidence): sends the records and returns once every one is acknowledged, so that what is
     * sent next cannot be seen before them.
     */
    public void sendAndWait(@Body List<ProducerRecord<byte[], byte[]>> records) {
        if (records.isEmpty()) {
            return;
        }
        PendingSends alone = new PendingSends();
        send(alone, records);
        alone.awaitAcknowledged();
    }

    private Producer<byte[], byte[]> producer() {
        Producer<byte[], byte[]> current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = factory.get();
                }
                current = producer;
            }
        }
        return current;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }
}
