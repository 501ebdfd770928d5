// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/** One idempotent producer shared by the consumer threads. */
public class KafkaRecordSender implements AutoCloseable {

    /** The producer's client.id unless the kafka component names one: in its thread's name and broker metrics. */
    public static final String CLIENT_ID = "krr-gateway-outcomes";

    private final Supplier<Producer<byte[], byte[]>> factory;
    private Producer<byte[], byte[]> producer;

    public KafkaRecordSender(Supplier<Producer<byte[], byte[]>> factory) {
        this.factory = factory;
    }

    /** Without waiting; a batch stops sending once one of its records failed. */
    void send(Pending pending, List<ProducerRecord<byte[], byte[]>> records) {
        pending.throwIfFailed();
        send(producer(), pending, records);
    }

    static void send(Producer<byte[], byte[]> sending, Pending pending, List<ProducerRecord<byte[], byte[]>> records) {
        for (ProducerRecord<byte[], byte[]> record : records) {
            pending.count(1);
            try {
                sending.send(record, pending);
            } catch (RuntimeException e) {
                pending.count(-1); // the producer only calls back for the errors it does not throw
                throw e;
            }
        }
    }

    /** Waits for every ack, so that what is sent next cannot be seen before them. */
    public void sendAndWait(List<ProducerRecord<byte[], byte[]>> records) {
        if (!records.isEmpty()) {
            Pending alone = new Pending();
            send(alone, records);
            alone.awaitAcknowledged();
        }
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

    /** Unacknowledged sends, counted rather than kept: the producer's buffer.memory already bounds the bytes. */
    public static final class Pending implements Callback {

        private long unacknowledged;
        private Exception failure;

        private synchronized void count(int sends) {
            unacknowledged += sends;
        }

        @Override
        public synchronized void onCompletion(RecordMetadata metadata, Exception exception) {
            unacknowledged--;
            failure = failure != null ? failure : exception;
            if (unacknowledged == 0 || failure != null) {
                notifyAll();
            }
        }

        synchronized void throwIfFailed() {
            if (failure != null) {
                throw failure instanceof KafkaException kafka ? kafka
                        : new KafkaException("publishing to Kafka failed", failure);
            }
        }

        /** Bounded by the producer's delivery.timeout.ms. */
        synchronized void awaitAcknowledged() {
            try {
                while (unacknowledged > 0 && failure == null) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while waiting for Kafka's acknowledgements", e);
            }
            throwIfFailed();
        }
    }
}
