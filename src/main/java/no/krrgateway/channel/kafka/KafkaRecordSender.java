// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * At-least-once publishing: sends lists of records with one idempotent kafka-clients producer (acks=all) shared by
 * the instance's consumer threads. Within a Kafka batch ({@link #begin}) a send does not wait: the batch goes on to
 * look up its next slice while Kafka acknowledges the last one, so a consumer keeps its KRR calls going, and the
 * route waits for every acknowledgement ({@link #acknowledged}) before the completion records and again before the
 * offsets are committed. Any record that fails fails the batch, so it is not committed and is read again. Outside a
 * batch (a suspect record processed alone, which must know whether its outcomes were published) a send waits. The producer takes the kafka component's settings
 * (brokers, security, compression, batch size, linger: {@code camel.component.kafka.*}), as exactly-once's
 * transactional producers do. A route step calls it instead of camel-kafka's producer because camel-kafka wants a
 * Camel message per record to carry each record's topic, key and header.
 */
public class KafkaRecordSender implements AutoCloseable {

    /** The producer's client.id unless the kafka component names one: in its thread's name and broker metrics. */
    public static final String CLIENT_ID = "krr-gateway-outcomes";

    /** Exchange property holding a batch's {@link PendingSends}. */
    static final String PENDING = "krrGatewayPendingSends";

    private final Supplier<Producer<byte[], byte[]>> factory;
    private volatile Producer<byte[], byte[]> producer;

    /** @param factory makes the producer, on first use (never in exactly-once, which has producers of its own) */
    public KafkaRecordSender(Supplier<Producer<byte[], byte[]>> factory) {
        this.factory = factory;
    }

    /** Route step (intake-kafka): the batch's sends are counted from here, and waited for by {@link #acknowledged}. */
    public void begin(Exchange batch) {
        batch.setProperty(PENDING, new PendingSends());
    }

    /**
     * Route step: sends the records; within a batch it returns once they are handed to the producer (or throws the
     * failure of one sent before), outside one once every record is acknowledged.
     */
    public void send(@ExchangeProperty(PENDING) PendingSends batch,
                     @Body List<ProducerRecord<byte[], byte[]>> records) {
        if (batch == null) {
            sendAndWait(records);
            return;
        }
        batch.throwIfFailed();
        sendInto(batch, records);
    }

    /** Route step: waits until every record the batch sent is acknowledged; throws if one failed. */
    public void acknowledged(@ExchangeProperty(PENDING) PendingSends batch) {
        if (batch == null) {
            throw new IllegalStateException("no Kafka batch begun on this exchange: nothing to wait for");
        }
        batch.awaitAcknowledged();
    }

    /**
     * Route step (publish-evidence): sends the records and returns once every one is acknowledged, within a batch or
     * not, so that what is sent next cannot be seen before them.
     */
    public void sendAndWait(@Body List<ProducerRecord<byte[], byte[]>> records) {
        PendingSends alone = new PendingSends();
        sendInto(alone, records);
        alone.awaitAcknowledged();
    }

    private void sendInto(PendingSends pending, List<ProducerRecord<byte[], byte[]>> records) {
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
