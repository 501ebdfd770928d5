// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts outcomes that may repeat what a partition's previous owner already published (at-least-once after a crash, or
 * after a batch that failed while publishing): counter {@code gateway.duplicates.possible{channel=kafka}}.
 * When a partition is assigned, its committed offset's {@link InFlightMark} (if still ahead of the offset) is
 * remembered; each outcome of a record below it that is then published counts once, as {@code gateway.outcomes}
 * counts outcomes: one per requested id, one per malformed record (a notifiable result, written to two topics, is one).
 * It is an upper bound: the previous owner may have died before publishing some of them.
 */
public class PossibleDuplicates {

    private static final Logger log = LoggerFactory.getLogger(PossibleDuplicates.class);

    private final Map<TopicPartition, Long> inherited = new ConcurrentHashMap<>();
    private final Counter counter;

    public PossibleDuplicates(MeterRegistry meters) {
        counter = Counter.builder("gateway.duplicates.possible")
                .description("Outcomes published again for records a previous owner may already have answered "
                        + "(in-flight mark found on assignment); an upper bound of the duplicates")
                .tag("channel", "kafka")
                .register(meters);
    }

    /** Partitions just assigned, with their committed offsets ({@code Consumer.committed}; null values allowed). */
    public void assigned(Map<TopicPartition, OffsetAndMetadata> committed) {
        committed.forEach((partition, offset) -> {
            OptionalLong until = InFlightMark.pending(offset);
            if (until.isPresent()) {
                inherited.put(partition, until.getAsLong());
                log.info("Request partition {}: outcomes of offsets {} to {} may already be published (in-flight "
                        + "mark); answering them again counts in gateway_duplicates_possible_total", partition,
                        offset.offset(), until.getAsLong() - 1);
            } else {
                inherited.remove(partition);
            }
        });
    }

    /** Partitions revoked or lost: their next owner reads the mark from the broker. */
    public void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(inherited::remove);
    }

    /** The inherited mark of a partition: records below it may have been answered already; -1 when none. */
    public long until(TopicPartition partition) {
        return inherited.getOrDefault(partition, -1L);
    }

    /**
     * A batch is about to publish (its in-flight marks are committed): counts its possible repeats and forgets marks
     * it reaches past, since later records are beyond them (the batch's own mark carries them on meanwhile).
     */
    public void publishing(InFlightBatch batch) {
        counter.increment(batch.possibleRepeats());
        batch.ends().forEach((partition, end) -> inherited.computeIfPresent(partition,
                (p, until) -> end >= until ? null : until));
    }
}
