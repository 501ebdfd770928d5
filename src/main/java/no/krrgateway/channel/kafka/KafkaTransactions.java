// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
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

    private final Function<String, Producer<byte[], byte[]>> producers;
    private final BlockingQueue<Slot> free;
    private final List<Slot> slots;
    private final Duration transactionTimeout;

    public KafkaTransactions(Function<String, Producer<byte[], byte[]>> producers, String idPrefix, int count,
                             Duration transactionTimeout) {
        this.producers = producers;
        this.transactionTimeout = transactionTimeout;
        this.free = new ArrayBlockingQueue<>(count);
        this.slots = java.util.stream.IntStream.range(0, count).mapToObj(n -> new Slot(idPrefix + "-" + n)).toList();
        free.addAll(slots);
    }

    /** Before the first poll: a left-open transaction holding offsets stalls the group's offset fetch until it ends. */
    public void initialiseProducers() {
        for (Slot slot : slots) {
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
    Slot take() {
        Slot slot = free.poll();
        if (slot == null) {
            throw new IllegalStateException("more Kafka batches at once than consumer threads: no producer free");
        }
        slot.batchStartedAt = System.nanoTime();
        return slot;
    }

    Producer<byte[], byte[]> open(Slot slot) {
        Producer<byte[], byte[]> producer = slot.producer();
        if (!slot.open) {
            producer.beginTransaction();
            slot.open = true;
            slot.openedAt = System.nanoTime();
        }
        return producer;
    }

    void commit(Slot slot) {
        slot.producer().commitTransaction();
        slot.open = false;
    }

    void end(Slot slot, Throwable failure) {
        if (failure != null && slot.open) {
            logCause(slot, failure);
        }
        if (slot.open) {
            slot.open = false;
            try {
                slot.producer().abortTransaction();
            } catch (RuntimeException e) {
                // Fenced (also by the broker, when it aborted the transaction on its timeout: said above) or in a
                // fatal state: a new producer with the same id aborts it when it initialises.
                log.info("Aborting the transaction of {} failed ({}); starting a new producer", slot.transactionalId,
                        PoisonRecords.describe(e));
                slot.discard();
                // at once, not at the next write: the consumer reads its offsets again first (initialiseProducers)
                initialiseProducers();
            }
        }
        free.add(slot);
    }

    /** Surest cause first: Kafka reports "fenced" also for a transaction the broker aborted on its timeout. */
    private void logCause(Slot slot, Throwable failure) {
        Duration open = Duration.ofNanos(System.nanoTime() - slot.openedAt);
        Duration batch = Duration.ofNanos(System.nanoTime() - slot.batchStartedAt);
        if (open.compareTo(transactionTimeout) >= 0) {
            log.error("The transaction of {} was open {} s, longer than gateway.kafka.transaction-timeout ({} s): the "
                            + "broker aborted it, and the batch is read again ({})", slot.transactionalId,
                    open.toSeconds(), transactionTimeout.toSeconds(), PoisonRecords.describe(failure));
        } else if (groupRefused(failure)) {
            log.warn("The batch of {} ran {} s and its consumer no longer owns its partitions (a rebalance, or a batch "
                            + "longer than gateway.kafka.max-poll-interval): the group refused its offsets, its "
                            + "transaction is aborted, and the partitions' owner reads it again ({})",
                    slot.transactionalId, batch.toSeconds(), PoisonRecords.describe(failure));
        } else if (fenced(failure)) {
            log.warn("The producer {} was fenced by a newer one with the same transactional id; if no restart of this "
                    + "instance explains it, two instances share gateway.kafka.instance-id", slot.transactionalId);
        } else {
            log.warn("The transaction of {} is aborted: its batch failed ({})", slot.transactionalId,
                    PoisonRecords.describe(failure));
        }
    }

    @Override
    public void close() {
        slots.forEach(Slot::discard);
    }

    final class Slot {
        private final String transactionalId;
        private Producer<byte[], byte[]> producer;
        private boolean open;
        private long batchStartedAt;
        private long openedAt;

        Slot(String transactionalId) {
            this.transactionalId = transactionalId;
        }

        synchronized Producer<byte[], byte[]> producer() {
            if (producer == null) {
                Producer<byte[], byte[]> created = producers.apply(transactionalId);
                try {
                    created.initTransactions();
                } catch (RuntimeException e) {
                    created.close(Duration.ZERO);
                    throw e;
                }
                producer = created;
            }
            return producer;
        }

        synchronized void discard() {
            if (producer != null) {
                try {
                    producer.close(Duration.ZERO);
                } catch (RuntimeException e) {
                    log.debug("Closing the producer of {} failed", transactionalId, e);
                }
                producer = null;
            }
        }
    }

    static boolean groupRefused(Throwable e) {
        return ExceptionUtils.getThrowableList(e).stream().anyMatch(cause -> cause instanceof CommitFailedException
                || cause instanceof RebalanceInProgressException || cause instanceof IllegalGenerationException
                || cause instanceof UnknownMemberIdException || cause instanceof FencedInstanceIdException);
    }

    static boolean fenced(Throwable e) {
        return ExceptionUtils.throwableOfType(e, ProducerFencedException.class) != null;
    }
}
