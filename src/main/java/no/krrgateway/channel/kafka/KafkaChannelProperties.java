// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The Kafka consumer side. Defaults live in {@code config/application.yml}.
 *
 * @param enabled        whether the Kafka channel runs (default true): false for an instance serving only the HTTP API
 *                       or the file drop, which then neither reads the requests topic nor needs the broker to be ready
 * @param groupId        consumer group; run more instances with the same group to scale out (default krr-gateway)
 * @param consumers      consumer threads in this instance, each with its own share of partitions (default 2:
 *                       one's KRR calls run while the other judges and publishes)
 * @param maxPollRecords most records gathered into one unit of work, committed together (default 2000)
 * @param maxAttempts    how often a batch that fails for a reason other than KRR or Maskinporten is read again
 *                       before its records are processed one by one and a record that still fails becomes a
 *                       PROCESSING_FAILED error (default 3)
 * @param partitionAssignor the consumer group's assignment strategy (default cooperative-sticky, which moves only
 *                          the partitions that must move when instances join or leave)
 * @param maxPollInterval   longest a batch may run (lookup, publishing, commit) before the group takes the
 *                          consumer's partitions away; its commit then fails and the batch is abandoned uncommitted,
 *                          to be done again by the new owner (Kafka's max.poll.interval.ms, default 5m)
 * @param pollTimeout       longest one poll of the requests topic waits for records. A partial batch is handed on
 *                          when a poll finds nothing new at least this long after the batch's first records, or
 *                          gateway.krr.batch-timeout after the previous batch, whichever comes first; so a request
 *                          at light load waits about this long, not up to twice the batch timeout (default 25ms)
 * @param delivery          at-least-once (default): outcomes are acknowledged, then offsets committed, so a crash
 *                          between the two repeats outcomes; exactly-once: each batch's outcomes, completion records
 *                          and consumed offsets go in one Kafka transaction, for readers with read_committed
 * @param instanceId        this instance's name in its transactional ids ({@code GROUP-INSTANCE-N}): it must differ
 *                          between the instances of a group and should survive a restart, so that the restarted
 *                          instance aborts the transactions its previous life left open (default $HOSTNAME)
 * @param transactionTimeout exactly-once: how long the broker waits before aborting a transaction its producer left
 *                          open (a crash); read_committed readers of the partitions it wrote to wait as long, unless
 *                          the instance comes back under the same instance id first. At least maxPollInterval, so
 *                          that a batch the group still lets commit cannot outlive its transaction (default 5m)
 * @param autoOffsetReset   where a consumer group without committed offsets starts: {@code earliest} (default)
 *                          answers every request still on the topic, so a new or renamed group replays the topic's
 *                          whole retention; {@code latest} answers only requests sent after it joined, and those
 *                          sent before are never answered by it
 */
@Validated
@ConfigurationProperties("gateway.kafka")
public record KafkaChannelProperties(boolean enabled, @NotBlank String groupId, @Min(1) int consumers, @Min(1) int maxPollRecords,
                                     @Min(1) int maxAttempts, @NotBlank String partitionAssignor,
                                     @NotNull Duration maxPollInterval, @NotNull Duration pollTimeout,
                                     @NotNull Delivery delivery, @NotBlank String instanceId,
                                     @NotNull Duration transactionTimeout,
                                     @NotNull @Pattern(regexp = "earliest|latest") String autoOffsetReset) {

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

    /** {@code gateway.kafka.delivery}. */
    public enum Delivery {
        AT_LEAST_ONCE, EXACTLY_ONCE;

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
