// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.camel.component.kafka.consumer.support.subcription.SubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.TopicInfo;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Owned partitions. A rebalance costs no batch: consumers join in one, {@link OwnedRecords#commit} commits across. */
public class PartitionOwnership implements SubscribeAdapter {

    private static final Logger log = LoggerFactory.getLogger(PartitionOwnership.class);
    private static final ThreadLocal<Set<TopicPartition>> ASSIGNED = ThreadLocal.withInitial(HashSet::new);
    static final Duration JOIN_TOGETHER = Duration.ofSeconds(10);

    private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();
    private final MeterRegistry meters;
    private final int consumers;
    private int subscribing;
    private volatile Runnable beforeJoining = () -> { };

    public PartitionOwnership(MeterRegistry meters, int consumers) {
        this.meters = meters;
        this.consumers = consumers;
    }

    /** Before each consumer subscribes, so before it fetches its partitions' committed offsets. */
    public void beforeJoining(Runnable action) {
        beforeJoining = action;
    }

    @Override
    public void subscribe(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
                          ConsumerRebalanceListener camelListener, TopicInfo topicInfo) {
        beforeJoining.run();
        ConsumerRebalanceListener tracking = new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                Consumer<Collection<TopicPartition>> beforeRevoke = OwnedRecords.REVOKING.get();
                if (beforeRevoke != null && !partitions.isEmpty()) {
                    beforeRevoke.accept(partitions);
                }
                camelListener.onPartitionsRevoked(partitions);
                changed("revoked", partitions, false);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                assigned(partitions);
                camelListener.onPartitionsAssigned(partitions);
                changed("assigned", partitions, true);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                camelListener.onPartitionsLost(partitions);
                changed("lost", partitions, false);
            }
        };
        consumer.subscribe(topicInfo.getTopics(), tracking); // route intake-kafka names its topics, never a pattern
        awaitTheOthers();
    }

    /** Only while the instance owns no partition: one reconnecting after a failed batch joins at once. */
    private synchronized void awaitTheOthers() {
        if (!owned.isEmpty()) {
            return;
        }
        if (++subscribing >= consumers) {
            subscribing = 0;
            notifyAll();
            return;
        }
        long deadline = System.nanoTime() + JOIN_TOGETHER.toNanos();
        try {
            while (subscribing != 0 && owned.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.info("{} of {} Kafka consumers subscribed after {} s; joining the group without the rest",
                            subscribing, consumers, JOIN_TOGETHER.toSeconds());
                    subscribing = 0;
                    notifyAll();
                    return;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Of a batch's partitions, those assigned to this thread's consumer since its last batch (its rebalance listener
     * runs within its poll): only they can have had another owner meanwhile, whose commits a batch must respect. Asked
     * of Kafka only then, as read_committed consumers wait for stable offsets, a retry after a transaction.
     */
    static Set<TopicPartition> assignedSinceLastBatch(Set<TopicPartition> partitions) {
        Set<TopicPartition> assigned = Set.copyOf(ASSIGNED.get().stream().filter(partitions::contains).toList());
        ASSIGNED.get().clear();
        return assigned;
    }

    /** By the consumer's rebalance listener, within its poll. */
    static void assigned(Collection<TopicPartition> partitions) {
        ASSIGNED.get().addAll(partitions);
    }

    public Set<String> owned() {
        return owned.stream().map(TopicPartition::toString).collect(Collectors.toCollection(TreeSet::new));
    }

    private void changed(String event, Collection<TopicPartition> partitions, boolean assigned) {
        if (partitions.isEmpty()) {
            return;
        }
        if (assigned) {
            owned.addAll(partitions);
            synchronized (this) {
                notifyAll();
            }
        } else {
            owned.removeAll(partitions);
        }
        meters.counter("gateway.kafka.rebalances", "event", event).increment();
        log.info("Request partitions {}: {}", event, partitions);
    }
}
