// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param enabled            false for an API- or file-only instance, which then needs no broker
 * @param groupId            consumer group; more instances with the same group scale out
 * @param consumers          consumer threads per instance (docs/scaling.md); the request topic needs as many partitions
 * @param maxPollRecords     most records in one batch, committed together
 * @param maxAttempts        batch failures (not KRR or Maskinporten) before its records go one by one
 * @param partitionAssignor  the consumer group's assignment strategy
 * @param maxPollInterval    longest a batch may run before the group takes its partitions (max.poll.interval.ms)
 * @param pollTimeout        longest one poll waits; a request at light load waits about this long
 * @param delivery           at-least-once, or exactly-once in one Kafka transaction per batch
 * @param instanceId         in the transactional ids: unique per instance, stable across restarts (default $HOSTNAME)
 * @param transactionTimeout exactly-once: when the broker aborts a transaction left open; at least maxPollInterval
 * @param autoOffsetReset    where a group without committed offsets starts: earliest or latest
 * @param createTopics       create the missing gateway.topics.* before the routes start (docs/contract.md §5)
 * @param topicPartitions    partitions of each topic created; at least instances × consumers for the request topic
 * @param topicReplication   replication factor of each topic created; -1 is the broker's default
 */
@Validated
@ConfigurationProperties("gateway.kafka")
public record KafkaChannelProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("krr-gateway") @NotBlank String groupId,
        @DefaultValue("2") @Min(1) int consumers,
        @DefaultValue("2000") @Min(1) int maxPollRecords,
        @DefaultValue("3") @Min(1) int maxAttempts,
        @DefaultValue("org.apache.kafka.clients.consumer.CooperativeStickyAssignor") @NotBlank String partitionAssignor,
        @DefaultValue("5m") @NotNull Duration maxPollInterval,
        // a poll that waits 0 ms would spin
        @DefaultValue("25ms") @NotNull
        @DurationMin(millis = 1, message = "gateway.kafka.poll-timeout must be at least 1ms") Duration pollTimeout,
        @DefaultValue("at-least-once") @NotNull Delivery delivery,
        @NotBlank String instanceId,
        @DefaultValue("5m") @NotNull Duration transactionTimeout,
        @DefaultValue("earliest") @NotNull @Pattern(regexp = "earliest|latest") String autoOffsetReset,
        @DefaultValue("false") boolean createTopics,
        @DefaultValue("6") @Min(1) int topicPartitions,
        @DefaultValue("-1") int topicReplication) {

    public KafkaChannelProperties {
        // ${HOSTNAME} cannot be a @DefaultValue: the binder does not resolve placeholders in defaults
        instanceId = instanceId != null ? instanceId
                : Objects.requireNonNullElse(System.getenv("HOSTNAME"), "krr-gateway");
    }

    @AssertTrue(message = "gateway.kafka.transaction-timeout must be at least gateway.kafka.max-poll-interval in "
            + "exactly-once delivery: a batch may run that long, and a transaction the broker aborts before it ends "
            + "makes the batch run again and again; raise transaction-timeout or lower max-poll-interval")
    public boolean isTransactionLongerThanBatch() {
        return delivery != Delivery.EXACTLY_ONCE || transactionTimeout == null || maxPollInterval == null
                || transactionTimeout.compareTo(maxPollInterval) >= 0;
    }

    @AssertTrue(message = "gateway.kafka.topic-replication must be -1 (the broker's default) or at least 1")
    public boolean isReplicationAllowed() {
        return topicReplication == -1 || (topicReplication >= 1 && topicReplication <= Short.MAX_VALUE);
    }

    public enum Delivery {
        AT_LEAST_ONCE, EXACTLY_ONCE
    }

    /**
     * @param requests   input (docs/contract.md §2; the outputs §3)
     * @param results    every per-person result
     * @param notifiable the results whose notifiable is true
     * @param errors     error records
     * @param completed  one completion record per Kafka request, once all its outcomes are written
     * @param evidence   the signed KRR answers kept as evidence, with gateway.krr.signed-answers.keep
     */
    @Validated
    @ConfigurationProperties("gateway.topics")
    public record Topics(@NotBlank @DefaultValue("krr.lookup.requests") String requests,
                         @NotBlank @DefaultValue("krr.lookup.results") String results,
                         @NotBlank @DefaultValue("krr.lookup.notifiable") String notifiable,
                         @NotBlank @DefaultValue("krr.lookup.errors") String errors,
                         @NotBlank @DefaultValue("krr.lookup.completed") String completed,
                         @NotBlank @DefaultValue("krr.lookup.evidence") String evidence) {

        /** Every topic the gateway reads or writes, by the property naming it; the evidence topic when it is kept. */
        public Map<String, String> byProperty(boolean keepsEvidence) {
            Map<String, String> topics = new LinkedHashMap<>();
            topics.put("gateway.topics.requests", requests);
            topics.put("gateway.topics.results", results);
            topics.put("gateway.topics.notifiable", notifiable);
            topics.put("gateway.topics.errors", errors);
            topics.put("gateway.topics.completed", completed);
            if (keepsEvidence) {
                topics.put("gateway.topics.evidence", evidence);
            }
            return topics;
        }
    }
}
