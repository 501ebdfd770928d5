// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * The records a Kafka batch has sent and Kafka not yet acknowledged, counted rather than kept (a batch may send many
 * slices of outcomes; the producer's buffer.memory already bounds the bytes waiting), with the first failure.
 * It is each send's {@link Callback}, called on the producer's I/O thread.
 */
public final class PendingSends implements Callback {

    private long unacknowledged;
    private Exception failure;

    /** Before a send: one more record to wait for. */
    synchronized void sending() {
        unacknowledged++;
    }

    /** A send that threw instead of calling back (the producer only calls back for the errors it does not throw). */
    synchronized void notSent() {
        unacknowledged--;
    }

    @Override
    public synchronized void onCompletion(RecordMetadata metadata, Exception exception) {
        unacknowledged--;
        if (exception != null && failure == null) {
            failure = exception;
        }
        if (unacknowledged == 0 || failure != null) {
            notifyAll();
        }
    }

    /** Throws the first failure, if a record has failed: a batch stops sending once one of its records failed. */
    synchronized void throwIfFailed() {
        if (failure != null) {
            throw failure instanceof KafkaException kafka ? kafka
                    : new KafkaException("publishing to Kafka failed", failure);
        }
    }

    /**
     * Waits until every record sent is acknowledged, or one failed (then throws its failure). Bounded by the
     * producer's delivery.timeout.ms, after which a record not acknowledged fails.
     */
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
