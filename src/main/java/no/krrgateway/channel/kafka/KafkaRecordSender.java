// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One idempotent producer shared by the consumer threads; deliveryTimeout is its delivery.timeout.ms. */
public class KafkaRecordSender implements AutoCloseable {

    /** The producer's client.id unless the kafka component names one: in its thread's name and broker metrics. */
    public static final String CLIENT_ID = "krr-gateway-outcomes";
    private static final Logger log = LoggerFactory.getLogger(KafkaRecordSender.class);

    private final Supplier<Producer<byte[], byte[]>> factory;
    private final Supplier<Duration> deliveryTimeout;
    private Producer<byte[], byte[]> producer;
    private volatile String stalled;

    public KafkaRecordSender(Supplier<Producer<byte[], byte[]>> factory, Supplier<Duration> deliveryTimeout) {
        this.factory = factory;
        this.deliveryTimeout = deliveryTimeout;
    }

    /** Without waiting; a batch stops sending once one of its records failed. */
    void send(Pending pending, List<ProducerRecord<byte[], byte[]>> records) {
        pending.throwIfFailed();
        send(producer(), pending, records);
    }

    static void send(Producer<byte[], byte[]> sending, Pending pending, List<ProducerRecord<byte[], byte[]>> records) {
        pending.producer = sending;
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
            await(alone);
        }
    }

    /** No ack by delivery.timeout.ms + 10 s: the producer's I/O thread died (an Error in it), and none ever comes. */
    void await(Pending pending) {
        Duration bound = deliveryTimeout.get().plusSeconds(10);
        if (pending.awaitAcknowledged(bound)) {
            stalled = null;
            return;
        }
        synchronized (this) {
            if (stalled == null) {
                log.error("Kafka acknowledged nothing within {} s, past delivery.timeout.ms: the producer's I/O thread "
                        + "is dead (an uncaught error logged before?); a new producer sends next", bound.toSeconds());
            }
            stalled = "no acknowledgement within " + bound.toSeconds() + " s";
            producer = pending.producer == producer ? null : producer;
        }
        pending.producer.close(Duration.ofMillis(1)); // not zero: only then is an abort refused at once, not timed out
        throw new KafkaException("publishing to Kafka failed: " + stalled);
    }

    /** Why publishing is stalled (health kafka), or null: set when a wait for acks ran out, cleared by the next ack. */
    public String stalled() {
        return stalled;
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
        private volatile Producer<byte[], byte[]> producer;

        private synchronized void count(int sends) {
            unacknowledged += sends;
        }

        @Override
        public synchronized void onCompletion(RecordMetadata metadata, Exception exception) {
            unacknowledged--;
            failure = failure != null ? failure : exception;
            if (unacknowledged == 0) {
                notifyAll();
            }
        }

        synchronized void throwIfFailed() {
            if (failure != null) {
                throw failure instanceof KafkaException kafka ? kafka
                        : new KafkaException("publishing to Kafka failed", failure);
            }
        }

        /** False if any is unacknowledged past the bound, failed or not: only missing acks tell a dead producer. */
        synchronized boolean awaitAcknowledged(Duration bound) {
            long left = bound.toNanos();
            long deadline = System.nanoTime() + left;
            try {
                while (unacknowledged > 0 && left > 0) {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                    left = deadline - System.nanoTime();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while waiting for Kafka's acknowledgements", e);
            }
            if (unacknowledged == 0) {
                throwIfFailed();
            }
            return unacknowledged == 0;
        }
    }
}
