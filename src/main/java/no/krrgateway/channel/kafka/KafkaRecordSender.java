// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.camel.Body;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * At-least-once publishing: sends a list of records with one idempotent kafka-clients producer (acks=all) shared by
 * the instance's consumer threads, and returns only when every record is acknowledged; any record that fails fails
 * the step, so its batch is not committed and is read again. The producer takes the kafka component's settings
 * (brokers, security, compression, batch size, linger: {@code camel.component.kafka.*}), as exactly-once's
 * transactional producers do. A route step calls it instead of camel-kafka's producer because camel-kafka wants a
 * Camel message per record to carry each record's topic, key and header.
 */
public class KafkaRecordSender implements AutoCloseable {

    /** The producer's client.id unless the kafka component names one: in its thread's name and broker metrics. */
    public static final String CLIENT_ID = "krr-gateway-outcomes";

    private final Supplier<Producer<byte[], byte[]>> factory;
    private volatile Producer<byte[], byte[]> producer;

    /** @param factory makes the producer, on first use (never in exactly-once, which has producers of its own) */
    public KafkaRecordSender(Supplier<Producer<byte[], byte[]>> factory) {
        this.factory = factory;
    }

    /** Route step: sends the records and waits for every acknowledgement. */
    public void send(@Body List<ProducerRecord<byte[], byte[]>> records) {
        Producer<byte[], byte[]> sending = producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (ProducerRecord<byte[], byte[]> record : records) {
            acks.add(sending.send(record));
        }
        // Bounded by the producer's delivery.timeout.ms: a record not acknowledged by then fails its future.
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof KafkaException cause ? cause
                        : new KafkaException("publishing to Kafka failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while waiting for Kafka's acknowledgements", e);
            }
        }
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
