// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outcomes are sent without waiting, so the next slice's KRR calls overlap the acks; all are acknowledged before the
 * completion records, and they before the offsets: a crash repeats outcomes, never drops one.
 */
public final class AtLeastOnceDelivery extends KafkaDelivery {

    private static final Logger log = LoggerFactory.getLogger(AtLeastOnceDelivery.class);

    private final KafkaRecordSender sender;

    public AtLeastOnceDelivery(Setup setup, KafkaRecordSender sender) {
        super(setup);
        this.sender = sender;
    }

    @Override
    void send(KafkaBatch batch, List<ProducerRecord<byte[], byte[]>> records, boolean wait) {
        if (wait) {
            sender.sendAndWait(records);
        } else {
            sender.send(batch.pending, records);
        }
    }

    @Override
    public void commit(KafkaBatch batch) {
        batch.pending.awaitAcknowledged();
        sender.sendAndWait(completionRecords(batch));
        Consumer<?, ?> consumer = batch.owned().consumer();
        if (consumer == null) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = batch.owned().offsets();
        Duration timeout = Duration.ofMillis(batch.owned().handle().getCommitTimeout());
        setup.ownership().commitAcrossRebalance(consumer, setup.rebalanceWait(),
                () -> consumer.commitSync(offsets, timeout), revoked -> {
                    Map<TopicPartition, OffsetAndMetadata> going = new LinkedHashMap<>(offsets);
                    going.keySet().retainAll(revoked);
                    offsets.keySet().removeAll(revoked);
                    try {
                        consumer.commitSync(going, timeout);
                    } catch (KafkaException e) {
                        // its new owner does these records again
                        log.warn("Committing the batch's part of revoked partitions {} failed: {}", going.keySet(),
                                e.toString());
                    }
                });
    }
}
