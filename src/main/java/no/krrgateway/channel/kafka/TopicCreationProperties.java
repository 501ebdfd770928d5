// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Topic creation at start-up (docs/contract.md §5); off by default.
 *
 * @param createTopics      create the missing topics of {@code gateway.topics.*} before the routes start
 * @param topicPartitions   partitions of each topic created; at least instances × consumers for the request topic
 * @param topicReplication  replication factor of each topic created; -1 is the broker's default
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
