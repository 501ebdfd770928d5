// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.util.Map;
import org.apache.camel.ExchangeProperty;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route step between the lookup and publishing: commits, in one synchronous commit, an {@link InFlightMark} for
 * every partition of the batch at the offset already committed, so that whoever reads these records next knows their
 * outcomes may be on the topics already. If the commit fails (the partition was revoked, the consumer fenced), the
 * exception fails the batch before anything is published, and nothing of it is committed.
 */
public class InFlightMarker {

    private static final Logger log = LoggerFactory.getLogger(InFlightMarker.class);

    private final PossibleDuplicates duplicates;
    private final boolean enabled;

    public InFlightMarker(PossibleDuplicates duplicates) {
        this(duplicates, true);
    }

    /**
     * @param enabled false in exactly-once delivery, where a batch's outcomes are visible only with its offsets, so
     *                there is nothing to mark and no duplicate to count
     */
    public InFlightMarker(PossibleDuplicates duplicates, boolean enabled) {
        this.duplicates = duplicates;
        this.enabled = enabled;
    }

    public void mark(@ExchangeProperty(KafkaBatchReader.IN_FLIGHT) InFlightBatch batch) {
        if (!enabled || batch == null || batch.isEmpty() || batch.isMarked()) {
            return;
        }
        if (batch.consumer() == null) {
            throw new IllegalStateException("cannot mark the batch in flight: its Kafka consumer is unknown");
        }
        Map<TopicPartition, OffsetAndMetadata> marks = batch.marks();
        long started = System.nanoTime();
        batch.consumer().commitSync(marks, batch.commitTimeout());
        if (log.isDebugEnabled()) {
            log.debug("In-flight mark for {} partitions committed in {} us", marks.size(),
                    (System.nanoTime() - started) / 1_000);
        }
        batch.marked();
        duplicates.publishing(batch);
    }
}
