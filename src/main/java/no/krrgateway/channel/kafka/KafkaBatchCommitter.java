// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At-least-once: commits a batch's offsets, per partition after its last record, once every outcome is acknowledged;
 * in one commit, across a rebalance of its consumer ({@link PartitionOwnership#commitAcrossRebalance}): a partition
 * the rebalance takes away gets its part committed before it goes.
 */
public class KafkaBatchCommitter {

    private static final Logger log = LoggerFactory.getLogger(KafkaBatchCommitter.class);

    private final PartitionOwnership ownership;
    private final Duration rebalanceWait;

    /** @param rebalanceWait longest a commit waits for its consumer's rebalance (gateway.kafka.max-poll-interval) */
    public KafkaBatchCommitter(PartitionOwnership ownership, Duration rebalanceWait) {
        this.ownership = ownership;
        this.rebalanceWait = rebalanceWait;
    }

    public void commit(@ExchangeProperty(KafkaBatchReader.COMMITS) Map<TopicPartition, KafkaManualCommit> commits) {
        if (commits == null || commits.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = offsets(commits);
        Consumer<?, ?> consumer = consumer(commits);
        Duration timeout = Duration.ofMillis(((DefaultKafkaManualCommit) commits.values().iterator().next())
                .getCommitTimeout());
        ownership.commitAcrossRebalance(consumer, rebalanceWait, () -> consumer.commitSync(offsets, timeout),
                revoked -> {
                    Map<TopicPartition, OffsetAndMetadata> going = take(offsets, revoked);
                    try {
                        consumer.commitSync(going, timeout);
                    } catch (KafkaException e) {
                        // its new owner does these records again
                        log.warn("Committing the batch's part of revoked partitions {} failed: {}", going.keySet(),
                                e.toString());
                    }
                });
    }

    /** Per partition, the offset after the batch's last record of it: what a commit of the batch says. */
    static Map<TopicPartition, OffsetAndMetadata> offsets(Map<TopicPartition, KafkaManualCommit> commits) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        commits.forEach((partition, commit) -> offsets.put(partition,
                new OffsetAndMetadata(((DefaultKafkaManualCommit) commit).getRecordOffset() + 1)));
        return offsets;
    }

    /** The consumer that read the batch, through camel-kafka's commit handle (on its polling thread). */
    static Consumer<?, ?> consumer(Map<TopicPartition, KafkaManualCommit> commits) {
        return ((DefaultKafkaManualCommit) commits.values().iterator().next()).getConsumer();
    }

    /** Removes the partitions' offsets from {@code offsets} and returns them. */
    static Map<TopicPartition, OffsetAndMetadata> take(Map<TopicPartition, OffsetAndMetadata> offsets,
                                                       Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> taken = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = offsets.remove(partition);
            if (offset != null) {
                taken.put(partition, offset);
            }
        }
        return taken;
    }
}
