// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A batch's outcomes, completion records and offsets in one transaction, aborted if it fails. One producer per
 * consumer thread, its id {@code GROUP-INSTANCE-N} stable across restarts, so initTransactions aborts what a killed
 * instance left open; zombies are fenced by the group (KIP-447): offsets go with the consumer's group metadata.
 */
public final class ExactlyOnceDelivery extends KafkaDelivery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExactlyOnceDelivery.class);

    private final List<TransactionSlot> slots;
    private final BlockingQueue<TransactionSlot> free;
    private final Duration transactionTimeout;

    /** The sender only bounds the waits for acks (its delivery timeout): it sends nothing here. */
    public ExactlyOnceDelivery(Setup setup, KafkaRecordSender sender,
                               Function<String, Producer<byte[], byte[]>> producers, String idPrefix, int count,
                               Duration transactionTimeout) {
        super(setup, sender);
        this.transactionTimeout = transactionTimeout;
        this.slots = IntStream.range(0, count).mapToObj(n -> new TransactionSlot(idPrefix + "-" + n, producers))
                .toList();
        this.free = new ArrayBlockingQueue<>(count, false, slots);
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

    @Override
    protected void begin(KafkaBatch batch, Exchange exchange) {
        TransactionSlot slot = free.poll();
        if (slot == null) {
            throw new IllegalStateException("more Kafka batches at once than consumer threads: no producer free");
        }
        slot.batchStartedAt = System.nanoTime();
        batch.slot = slot;
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                if (!slot.end(done.getException(), transactionTimeout)) {
                    initialiseProducers(); // at once: the consumer reads its offsets again first
                }
                free.add(slot);
            }
        });
    }

    @Override
    void send(KafkaBatch batch, List<ProducerRecord<byte[], byte[]>> records, boolean wait) {
        KafkaRecordSender.send(batch.slot.open(), batch.pending, records);
        if (wait && batch.alone() != null) {
            sender.await(batch.pending);
        }
    }

    /** A failed send dooms the transaction: the batch is aborted, and in its next try the ids answered at once. */
    @Override
    protected void answerFailed(KafkaBatch batch, String message, Exception failure) {
        setup.poison().condemned.put(batch.alone().key(), message);
        throw failure instanceof RuntimeException unchecked ? unchecked : new KafkaException(failure);
    }

    @Override
    public void commit(KafkaBatch batch) {
        Producer<byte[], byte[]> producer = batch.slot.open();
        KafkaRecordSender.send(producer, batch.pending, completionRecords(batch));
        // past the bound, the producer is closed, and the slot's end starts a new one
        sender.await(batch.pending);
        Consumer<?, ?> consumer = batch.owned.consumer();
        if (consumer != null) {
            Map<TopicPartition, OffsetAndMetadata> offsets = batch.owned.offsets();
            // A past generation's offsets are refused: committing the committed ones first completes a rebalance under
            // way, and revoked partitions' offsets join the transaction.
            Map<TopicPartition, OffsetAndMetadata> committed = batch.owned.committed();
            OwnedRecords.commit(consumer, setup.rebalanceWait(), offsets, () -> consumer.commitSync(committed),
                    going -> {
                        committed.keySet().removeAll(going.keySet());
                        if (!going.isEmpty()) {
                            producer.sendOffsetsToTransaction(going, consumer.groupMetadata());
                        }
                    });
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            }
        }
        batch.slot.commit();
    }

    @Override
    public void close() {
        slots.forEach(TransactionSlot::discard);
    }
}
