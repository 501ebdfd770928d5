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

/** A batch's outcomes, completion records and offsets in one transaction; a failed batch is aborted and read again. */
public final class ExactlyOnceDelivery extends KafkaDelivery {

    private final KafkaTransactions transactions;

    public ExactlyOnceDelivery(Setup setup, KafkaTransactions transactions) {
        super(setup);
        this.transactions = transactions;
    }

    @Override
    protected void begin(KafkaBatch batch, Exchange exchange) {
        TransactionSlot slot = transactions.take();
        batch.slot = slot;
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                transactions.end(slot, done.getException());
            }
        });
    }

    @Override
    void send(KafkaBatch batch, List<ProducerRecord<byte[], byte[]>> records, boolean wait) {
        Producer<byte[], byte[]> producer = transactions.open(batch.slot);
        records.forEach(producer::send);
    }

    /**
     * The offsets go with the group generation, refused once it moved on. So the consumer first commits what is
     * committed already, which Kafka refuses at once while it rejoins; the rebalance is then completed, and partitions
     * lost meanwhile get their offsets in this transaction ({@link PartitionOwnership#commitAcrossRebalance}).
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
