// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.camel.Body;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** One idempotent producer shared by the consumer threads, with the kafka component's settings. */
public class KafkaRecordSender implements AutoCloseable {

    /** The producer's client.id unless the kafka component names one: in its thread's name and broker metrics. */
    public static final String CLIENT_ID = "krr-gateway-outcomes";

    private final Supplier<Producer<byte[], byte[]>> factory;
    private Producer<byte[], byte[]> producer;

    public KafkaRecordSender(Supplier<Producer<byte[], byte[]>> factory) {
        this.factory = factory;
    }

    /** Without waiting; a batch stops sending once one of its records failed. */
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

    /** Waits for every ack, so that what is sent next cannot be seen before them. */
    public void sendAndWait(@Body List<ProducerRecord<byte[], byte[]>> records) {
        if (records.isEmpty()) {
            return;
        }
        PendingSends alone = new PendingSends();
        send(alone, records);
        alone.awaitAcknowledged();
    }

    private synchronized Producer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = factory.get();
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }
}
