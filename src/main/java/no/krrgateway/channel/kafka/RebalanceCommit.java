// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kafka refuses a commit while the consumer rejoins: polls with partitions paused complete the rebalance first. */
final class RebalanceCommit {

    private static final Logger log = LoggerFactory.getLogger(PartitionOwnership.class);
    private static final Duration REBALANCE_POLL = Duration.ofMillis(100);
    /** While a commit completes a rebalance on this polling thread: what to do before partitions go. */
    static final ThreadLocal<Consumer<Collection<TopicPartition>>> REVOKING = new ThreadLocal<>();

    private RebalanceCommit() {
    }

    static void run(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, Duration wait, Runnable commit,
                    Consumer<Collection<TopicPartition>> beforeRevoke) {
        long deadline = System.nanoTime() + wait.toNanos();
        for (int polls = 0; ; polls++) {
            try {
                commit.run();
                if (polls > 0) {
                    log.info("A batch's commit waited for its consumer's rebalance ({} polls) and is done", polls);
                }
                return;
            } catch (RebalanceInProgressException e) {
                if (System.nanoTime() - deadline > 0) {
                    log.warn("A batch's consumer was still rebalancing after {} s; the batch is left to be done "
                            + "again", wait.toSeconds());
                    throw e;
                }
                pollPaused(consumer, beforeRevoke);
            }
        }
    }

    private static void pollPaused(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
                                   Consumer<Collection<TopicPartition>> beforeRevoke) {
        Set<TopicPartition> paused = new HashSet<>(consumer.assignment());
        paused.removeAll(consumer.paused());
        consumer.pause(paused);
        REVOKING.set(beforeRevoke);
        try {
            ConsumerRecords<?, ?> records = consumer.poll(REBALANCE_POLL);
            // Partitions assigned by this poll are not paused: what it fetched of them is put back for the route.
            for (TopicPartition partition : records.partitions()) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
        } finally {
            REVOKING.remove();
            paused.retainAll(consumer.assignment());
            consumer.resume(paused);
        }
    }
}
