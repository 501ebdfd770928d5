// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What one Kafka batch is about to publish, per partition: its first and last offset, and an in-flight mark inherited
 * from the partition's previous owner; plus how many of its outcomes may repeat ones that owner already published.
 * {@link InFlightMarker} turns it into one commit of in-flight marks.
 */
public final class InFlightBatch {

    private final Consumer<?, ?> consumer;
    private final Duration commitTimeout;
    private final Map<TopicPartition, Span> spans = new LinkedHashMap<>();
    private long possibleRepeats;
    private boolean marked;

    /** @param consumer the consumer that read the batch (null when unknown: then it cannot be marked) */
    public InFlightBatch(Consumer<?, ?> consumer, Duration commitTimeout) {
        this.consumer = consumer;
        this.commitTimeout = commitTimeout;
    }

    /** A record of the batch; {@code inheritedUntil} is the partition's inherited mark, -1 if none. */
    public void add(TopicPartition partition, long offset, long inheritedUntil) {
        Span span = spans.get(partition);
        if (span == null) {
            spans.put(partition, new Span(offset, offset, inheritedUntil));
        } else {
            span.first = Math.min(span.first, offset);
            span.last = Math.max(span.last, offset);
        }
    }

    /** Outcomes of the batch that may repeat outcomes a previous owner published (records below its mark). */
    public void addPossibleRepeats(int outcomes) {
        possibleRepeats += outcomes;
    }

    public long possibleRepeats() {
        return possibleRepeats;
    }

    public boolean isEmpty() {
        return spans.isEmpty();
    }

    /**
     * The marks to commit: per partition the batch's first offset (the committed position, so nothing moves forward)
     * with {@code in-flight-until} = the end of the batch, or the inherited mark if that reaches further, so that a
     * mark is never shortened before its records are committed.
     */
    public Map<TopicPartition, OffsetAndMetadata> marks() {
        Map<TopicPartition, OffsetAndMetadata> marks = new LinkedHashMap<>();
        spans.forEach((partition, span) -> marks.put(partition,
                new OffsetAndMetadata(span.first, InFlightMark.format(span.until()))));
        return marks;
    }

    /** Per partition, the offset after the batch's last record. */
    public Map<TopicPartition, Long> ends() {
        Map<TopicPartition, Long> ends = new LinkedHashMap<>();
        spans.forEach((partition, span) -> ends.put(partition, span.last + 1));
        return ends;
    }

    Consumer<?, ?> consumer() {
        return consumer;
    }

    Duration commitTimeout() {
        return commitTimeout;
    }

    boolean isMarked() {
        return marked;
    }

    void marked() {
        marked = true;
    }

    private static final class Span {
        private long first;
        private long last;
        private final long inheritedUntil;

        Span(long first, long last, long inheritedUntil) {
            this.first = first;
            this.last = last;
            this.inheritedUntil = inheritedUntil;
        }

        long until() {
            return Math.max(last + 1, inheritedUntil);
        }
    }
}
