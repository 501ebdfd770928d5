// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once delivery's transactional producers, one per consumer thread. The transactional id
 * {@code GROUP-INSTANCE-N} survives a restart, so initTransactions aborts what a killed instance left open. Zombies
 * are fenced by the consumer group (KIP-447): offsets go with the reading consumer's group metadata.
 */
public class KafkaTransactions implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaTransactions.class);

    private final BlockingQueue<TransactionSlot> free;
    private final List<TransactionSlot> slots;
    private final Duration transactionTimeout;

    public KafkaTransactions(Function<String, Producer<byte[], byte[]>> producers, String idPrefix, int count,
                             Duration transactionTimeout) {
        this.transactionTimeout = transactionTimeout;
        this.free = new ArrayBlockingQueue<>(count);
        this.slots = java.util.stream.IntStream.range(0, count)
                .mapToObj(n -> new TransactionSlot(idPrefix + "-" + n, producers)).toList();
        free.addAll(slots);
    }

    /** Before the first poll: a left-open transaction holding offsets stalls the group's offset fetch until it ends. */
    public void initialiseProducers() {
        for (TransactionSlot slot : slots) {
            try {
                slot.producer();
            } catch (RuntimeException e) {
                log.warn("Initialising the transactional producer {} failed ({}); it is tried again at its next batch",
                        slot.transactionalId, PoisonRecords.describe(e));
            }
        }
    }

    public static Properties idempotent(Properties base) {
        Properties properties = new Properties();
        properties.putAll(base);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return properties;
    }

    public static Properties transactional(Properties base, String transactionalId, Duration transactionTimeout) {
        Properties properties = idempotent(base);
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        properties.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) transactionTimeout.toMillis());
        return properties;
    }

    /** The transaction begins at the first write ({@link #open}), so its time excludes the KRR calls. */
    TransactionSlot take() {
        TransactionSlot slot = free.poll();
        if (slot == null) {
            throw new IllegalStateException("more Kafka batches at once than consumer threads: no producer free");
        }
        slot.batchStartedAt = System.nanoTime();
        return slot;
    }

    Producer<byte[], byte[]> open(TransactionSlot slot) {
        Producer<byte[], byte[]> producer = slot.producer();
        if (!slot.open) {
            producer.beginTransaction();
            slot.open = true;
            slot.openedAt = System.nanoTime();
        }
        return producer;
    }

    void commit(TransactionSlot slot) {
        slot.producer().commitTransaction();
        slot.open = false;
    }

    void end(TransactionSlot slot, Throwable failure) {
        if (failure != null && slot.open) {
            slot.logAbortCause(failure, transactionTimeout);
        }
        if (slot.open) {
            slot.open = false;
            try {
                slot.producer().abortTransaction();
            } catch (RuntimeException e) {
                // fenced or fatal: a new producer with the same id aborts it when it initialises
                log.info("Aborting the transaction of {} failed ({}); starting a new producer", slot.transactionalId,
                        PoisonRecords.describe(e));
                slot.discard();
                initialiseProducers(); // at once: the consumer reads its offsets again first
            }
        }
        free.add(slot);
    }

    @Override
    public void close() {
        slots.forEach(TransactionSlot::discard);
    }
}
