// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Exactly-once delivery: each batch's outcomes, its completion records and its consumed offsets are written in one
 * Kafka transaction of the batch's producer ({@link KafkaTransactions}), so a read_committed reader sees all of them
 * or none; a batch that fails is aborted and read again from the offsets last committed.
 */
public final class ExactlyOnceDelivery extends KafkaDelivery {

    private final KafkaTransactions transactions;

    public ExactlyOnceDelivery(Setup setup, KafkaTransactions transactions) {
        super(setup);
        this.transactions = transactions;
    }

    /** The batch takes its producer, and gives it back aborted unless it committed, however the batch ends. */
    @Override
    protected void begin(KafkaBatch batch, Exchange exchange) {
        KafkaTransactions.Slot slot = transactions.take();
        batch.slot = slot;
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                transactions.end(slot, done.getException());
            }
        });
    }

    /** In the transaction, begun at the batch's first write; the transaction's commit is what waits. */
    @Override
    void send(KafkaBatch batch, List<ProducerRecord<byte[], byte[]>> records, boolean wait) {
        Producer<byte[], byte[]> producer = transactions.open(batch.slot);
        records.forEach(producer::send);
    }

    /**
     * The completion records and, per partition, the offset after the batch's last record go in the transaction,
     * which is committed. Any failure leaves it to be aborted, and the batch is read again.
     * <p>
     * The offsets go with the consumer's group generation, and the broker refuses them once the group has moved on.
     * A consumer that has not sent its JoinGroup holds the group at its generation until its next poll; one that has
     * (a cooperative rebalance hands out records meanwhile) would see the batch refused. So the consumer is first
     * asked to commit what is committed already (each partition's offset of the batch's first record), which Kafka
     * refuses at once while it rejoins; then its rebalance is completed, and partitions it loses meanwhile get their
     * offsets in this transaction before they go ({@link PartitionOwnership#commitAcrossRebalance}). Their new owner
     * reads read_committed, so it waits for this transaction before it reads their committed offsets.
     */
    @Override
    public void commit(KafkaBatch batch) {
        Producer<byte[], byte[]> producer = transactions.open(batch.slot);
        completionRecords(batch).forEach(producer::send);
        Consumer<?, ?> consumer = batch.consumer();
        if (consumer != null) {
            Map<TopicPartition, OffsetAndMetadata> offsets = batch.offsets();
            Map<TopicPartition, OffsetAndMetadata> committed = batch.committed();
            setup.ownership().commitAcrossRebalance(consumer, setup.rebalanceWait(),
                    () -> consumer.commitSync(committed), revoked -> {
                        committed.keySet().removeAll(revoked);
                        Map<TopicPartition, OffsetAndMetadata> going = new LinkedHashMap<>(offsets);
                        going.keySet().retainAll(revoked);
                        offsets.keySet().removeAll(revoked);
                        if (!going.isEmpty()) {
                            producer.sendOffsetsToTransaction(going, consumer.groupMetadata());
                        }
                    });
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            }
        }
        transactions.commit(batch.slot);
    }
}
