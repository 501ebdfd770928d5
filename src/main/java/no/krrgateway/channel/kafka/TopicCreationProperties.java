// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Whether the gateway creates its topics at start-up (docs/contract.md §5). Off by default: topics are usually made
 * by whoever runs the cluster ({@code deploy/kafka/create-topics.sh}).
 *
 * @param createTopics      create every topic of {@code gateway.topics.*} that does not exist, through Kafka's admin
 *                          client, before the routes start; existing topics are left as they are
 * @param topicPartitions   partitions of each topic created; at least instances × {@code gateway.kafka.consumers}
 *                          for the request topic
 * @param topicReplication  replication factor of each topic created; -1 is the broker's
 *                          {@code default.replication.factor}
 */
@Validated
@ConfigurationProperties("gateway.kafka")
public record TopicCreationProperties(@DefaultValue("false") boolean createTopics,
                                      @DefaultValue("6") @Min(1) int topicPartitions,
                                      @DefaultValue("-1") int topicReplication) {

    @AssertTrue(message = "gateway.kafka.topic-replication must be -1 (the broker's default) or at least 1")
    public boolean isReplicationAllowed() {
        return topicReplication == -1 || (topicReplication >= 1 && topicReplication <= Short.MAX_VALUE);
    }
}
