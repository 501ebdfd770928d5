// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
 *                          the instance comes back under the same instance id first (default 30s)
 */
@Validated
@ConfigurationProperties("gateway.kafka")
public record KafkaChannelProperties(boolean enabled, @NotBlank String groupId, @Min(1) int consumers, @Min(1) int maxPollRecords,
                                     @Min(1) int maxAttempts, @NotBlank String partitionAssignor,
                                     @NotNull Duration maxPollInterval, @NotNull Duration pollTimeout,
                                     @NotNull Delivery delivery, @NotBlank String instanceId,
                                     @NotNull Duration transactionTimeout) {

    /** {@code gateway.kafka.delivery}. */
    public enum Delivery {
        AT_LEAST_ONCE, EXACTLY_ONCE;

        /** The value as written in configuration and compared in routes: at-least-once or exactly-once. */
        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
