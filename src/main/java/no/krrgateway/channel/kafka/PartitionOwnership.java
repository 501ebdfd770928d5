// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.component.kafka.consumer.support.subcription.SubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.TopicInfo;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes camel-kafka's consumers (found by camel-kafka under the bean name {@code subscribeAdapter}) with a
 * listener that keeps track of the request partitions this instance owns, for health, and counts rebalances.
 */
public class PartitionOwnership implements SubscribeAdapter {

    private static final Logger log = LoggerFactory.getLogger(PartitionOwnership.class);

    private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();
    private final MeterRegistry meters;

    public PartitionOwnership(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void subscribe(Consumer<?, ?> consumer, ConsumerRebalanceListener camelListener, TopicInfo topicInfo) {
        ConsumerRebalanceListener tracking = new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
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
        } else {
            owned.removeAll(partitions);
        }
        meters.counter("gateway.kafka.rebalances", "event", event).increment();
        log.info("Request partitions {}: {}", event, partitions);
    }
}
