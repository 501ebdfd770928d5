// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/** Unacknowledged sends, counted rather than kept: the producer's buffer.memory already bounds the bytes. */
public final class PendingSends implements Callback {

    private long unacknowledged;
    private Exception failure;

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
