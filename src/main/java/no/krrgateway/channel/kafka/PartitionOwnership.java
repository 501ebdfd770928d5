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
import org.apache.camel.component.kafka.consumer.support.subcription.SubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.TopicInfo;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes camel-kafka's consumers (found by camel-kafka under the bean name {@code subscribeAdapter}) with a
 * listener that keeps track of the request partitions this instance owns, for health, and counts rebalances; and
 * takes care that a rebalance nobody failed in costs no batch:
 * <ul>
 *   <li>The instance's consumers join the group together: each waits, once subscribed, for the others before its
 *   first poll (which joins the group), so the group sees them in one rebalance rather than giving every partition
 *   to the first and moving some to the second a moment later.</li>
 *   <li>A batch whose consumer is rejoining the group when it commits is committed across the rebalance
 *   ({@link #commitAcrossRebalance}), instead of failing and being done again.</li>
 * </ul>
 */
public class PartitionOwnership implements SubscribeAdapter {

    private static final Logger log = LoggerFactory.getLogger(PartitionOwnership.class);
    /** How long a consumer waits for the instance's other consumers to subscribe before it polls anyway. */
    static final Duration JOIN_TOGETHER = Duration.ofSeconds(10);
    /** One poll of a consumer completing its rebalance; it takes no records. */
    private static final Duration REBALANCE_POLL = Duration.ofMillis(100);

    private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();
    private final MeterRegistry meters;
    private final int consumers;
    private int subscribing;
    private volatile Runnable beforeJoining = () -> { };
    /** While a batch's commit completes a rebalance on this polling thread: what to do before partitions go. */
    private final ThreadLocal<Consumer<Collection<TopicPartition>>> revoking = new ThreadLocal<>();

    /** @param consumers the instance's consumer threads ({@code gateway.kafka.consumers}) */
    public PartitionOwnership(MeterRegistry meters, int consumers) {
        this.meters = meters;
        this.consumers = consumers;
    }

    /** Runs before each consumer subscribes, so before it fetches its partitions' committed offsets. */
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
                Consumer<Collection<TopicPartition>> beforeRevoke = revoking.get();
                if (beforeRevoke != null && !partitions.isEmpty()) {
                    beforeRevoke.accept(partitions);
                }
                camelListener.onPartitionsRevoked(partitions);
                changed("revoked", partitions, false);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                camelListener.onPartitionsAssigned(partitions);
                changed("assigned", partitions, true);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                camelListener.onPartitionsLost(partitions);
                changed("lost", partitions, false);
            }
        };
        if (topicInfo.isPattern()) {
            consumer.subscribe(topicInfo.getPattern(), tracking);
        } else {
            consumer.subscribe(topicInfo.getTopics(), tracking);
        }
        awaitTheOthers();
    }

    /**
     * Before its first poll, a consumer waits until all the instance's consumers have subscribed (at most
     * {@link #JOIN_TOGETHER}), so that they join the group in the same rebalance. Only when the instance owns no
     * partition: a consumer that reconnects after a failed batch while the others work joins at once.
     */
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
     * Runs a batch's commit on the consumer's polling thread, across a rebalance of its own. Kafka refuses a commit
     * while the consumer is rejoining the group ({@link RebalanceInProgressException}: the poll that handed over
     * the batch had sent its JoinGroup, and a cooperative rebalance keeps handing out records meanwhile). Then the
     * rebalance is completed here, by polls with the consumer's partitions paused, so that they take no record;
     * partitions the rebalance takes away are first handed to {@code beforeRevoke}, on this thread inside the
     * rebalance (Kafka's onPartitionsRevoked), to commit their part of the batch while the consumer still may; and
     * the commit is tried again. After {@code wait} the refusal stands, and the batch is left to be done again.
     */
    public void commitAcrossRebalance(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, Duration wait,
                                      Runnable commit, Consumer<Collection<TopicPartition>> beforeRevoke) {
        long deadline = System.nanoTime() + wait.toNanos();
        int polls = 0;
        while (true) {
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
                polls++;
            }
        }
    }

    private void pollPaused(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
                            Consumer<Collection<TopicPartition>> beforeRevoke) {
        Set<TopicPartition> paused = new HashSet<>(consumer.assignment());
        paused.removeAll(consumer.paused());
        consumer.pause(paused);
        revoking.set(beforeRevoke);
        try {
            ConsumerRecords<?, ?> records = consumer.poll(REBALANCE_POLL);
            // Partitions assigned by this poll are not paused: what it fetched of them is put back for the route.
            for (TopicPartition partition : records.partitions()) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
        } finally {
            revoking.remove();
            paused.retainAll(consumer.assignment());
            consumer.resume(paused);
        }
    }

    /** The request partitions this instance owns now, sorted for display. */
    public Set<String> owned() {
        Set<String> names = new TreeSet<>();
        owned.forEach(partition -> names.add(partition.toString()));
        return names;
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
