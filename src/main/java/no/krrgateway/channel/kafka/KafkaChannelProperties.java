// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Kafka consumer side.
 *
 * @param enabled        whether the Kafka channel runs: false for an instance serving only the HTTP API
 *                       or the file drop, which then neither reads the requests topic nor needs the broker to be ready
 * @param groupId        consumer group; run more instances with the same group to scale out
 * @param consumers      consumer threads in this instance, each with its own share of partitions. Two: while one
 *                       judges and publishes a slice, the other's KRR calls run, and polls stay large enough to fill
 *                       the calls; a consumer per call in flight made more, emptier calls (scenario a in
 *                       BENCHMARKS.md). The requests topic needs at least as many partitions
 * @param maxPollRecords most records gathered into one unit of work, committed together
 * @param maxAttempts    how often a batch that fails for a reason other than KRR or Maskinporten is read again
 *                       before its records are processed one by one and a record that still fails becomes a
 *                       PROCESSING_FAILED error
 * @param partitionAssignor the consumer group's assignment strategy; cooperative-sticky moves only the partitions
 *                          that must move when instances join or leave
 * @param maxPollInterval   longest a batch may run (lookup, publishing, commit) before the group takes the
 *                          consumer's partitions away; its commit then fails and the batch is abandoned uncommitted,
 *                          to be done again by the new owner (Kafka's max.poll.interval.ms)
 * @param pollTimeout       longest one poll of the requests topic waits for records. A partial batch is handed on
 *                          when a poll finds nothing new at least this long after the batch's first records, or
 *                          gateway.krr.batch-timeout after the previous batch, whichever comes first; so a request
 *                          at light load waits about this long, not up to twice the batch timeout (scenario e in
 *                          BENCHMARKS.md)
 * @param delivery          at-least-once: outcomes are acknowledged, then offsets committed, so a crash
 *                          between the two repeats outcomes; exactly-once: each batch's outcomes, completion records
 *                          and consumed offsets go in one Kafka transaction, for readers with read_committed
 * @param instanceId        this instance's name in its transactional ids ({@code GROUP-INSTANCE-N}): it must differ
 *                          between the instances of a group and should survive a restart, so that the restarted
 *                          instance aborts the transactions its previous life left open (default $HOSTNAME, else
 *                          krr-gateway)
 * @param transactionTimeout exactly-once: how long the broker waits before aborting a transaction its producer left
 *                          open (a crash); read_committed readers of the partitions it wrote to wait as long, unless
 *                          the instance comes back under the same instance id first. At least maxPollInterval, so
 *                          that a batch the group still lets commit cannot outlive its transaction
 * @param autoOffsetReset   where a consumer group without committed offsets starts: {@code earliest}
 *                          answers every request still on the topic, so a new or renamed group replays the topic's
 *                          whole retention; {@code latest} answers only requests sent after it joined, and those
 *                          sent before are never answered by it
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
        @DefaultValue("25ms") @NotNull Duration pollTimeout,
        @DefaultValue("at-least-once") @NotNull Delivery delivery,
        @NotBlank String instanceId,
        @DefaultValue("5m") @NotNull Duration transactionTimeout,
        @DefaultValue("earliest") @NotNull @Pattern(regexp = "earliest|latest") String autoOffsetReset) {

    public KafkaChannelProperties {
        // ${HOSTNAME} cannot be a @DefaultValue: the binder does not resolve placeholders in defaults
        instanceId = instanceId != null ? instanceId
                : Objects.requireNonNullElse(System.getenv("HOSTNAME"), "krr-gateway");
    }

    /**
     * Exactly-once: a batch's transaction must outlast the batch. A batch may run until max-poll-interval, when the
     * group takes its partitions and its offsets are refused anyway; a shorter transaction-timeout would let the
     * broker abort the transaction of a batch that could still commit, and the batch would be read again, as slow as
     * before, for ever.
     */
    @AssertTrue(message = "gateway.kafka.transaction-timeout must be at least gateway.kafka.max-poll-interval in "
            + "exactly-once delivery: a batch may run that long, and a transaction the broker aborts before it ends "
            + "makes the batch run again and again; raise transaction-timeout or lower max-poll-interval")
    public boolean isTransactionLongerThanBatch() {
        return delivery != Delivery.EXACTLY_ONCE || transactionTimeout == null || maxPollInterval == null
                || transactionTimeout.compareTo(maxPollInterval) >= 0;
    }

    /** A poll that waits 0 ms would spin. */
    @AssertTrue(message = "gateway.kafka.poll-timeout must be at least 1ms")
    public boolean isPollTimeoutPositive() {
        return pollTimeout == null || pollTimeout.toMillis() >= 1;
    }

    /** {@code gateway.kafka.delivery}. */
    public enum Delivery {
        AT_LEAST_ONCE, EXACTLY_ONCE;

        /** The value as written in configuration and compared in routes: at-least-once or exactly-once. */
        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /**
         * How intake reads the requests topic. Exactly-once reads committed records only: a request an upstream
         * producer wrote in a transaction it then aborted was never sent, and must not be looked up (nor counted
         * in a read_committed reader's view of what was asked). At-least-once keeps Kafka's default, which does not
         * wait behind an upstream producer's open transaction.
         */
        public String isolationLevel() {
            return this == EXACTLY_ONCE ? "read_committed" : "read_uncommitted";
        }
    }
}
