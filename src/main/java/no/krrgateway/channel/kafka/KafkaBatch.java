// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.krrgateway.lookup.LookupWork;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** One Kafka batch, in exchange property {@value #PROPERTY} from its read to its commit. */
public final class KafkaBatch implements Iterator<LookupWork> {

    public static final String PROPERTY = "kafkaBatch";

    private final OwnedRecords owned;
    private final CompletionTally tally;
    /** At-least-once: the batch's sends Kafka has yet to acknowledge. */
    final PendingSends pending = new PendingSends();
    TransactionSlot slot;

    private final Deque<RecordSlices> parts = new ArrayDeque<>();
    private RecordSlices part;

    KafkaBatch(OwnedRecords owned, List<OwnedRecords.Record> normal, List<Alone> alone, RequestRecords requests,
               int idsPerSlice, Instant startedAt) {
        this.owned = owned;
        this.tally = new CompletionTally(startedAt);
        alone.forEach(record -> parts.add(new RecordSlices(List.of(record.record()).iterator(), record, requests,
                idsPerSlice, tally)));
        if (!normal.isEmpty()) {
            parts.add(new RecordSlices(normal.iterator(), null, requests, idsPerSlice, tally));
        }
    }

    /** A record processed alone: its PoisonRecords key and how often its batch failed before. */
    record Alone(OwnedRecords.Record record, String key, int failures) {
    }

    /** The batch's outcomes per request, for its completion records and, once committed, its audit events. */
    public CompletionTally tally() {
        return tally;
    }

    /** The record the last slice came from, if it is processed alone; else null. */
    public Alone alone() {
        return part == null ? null : part.alone();
    }

    /** Per partition, the offset after the batch's last record of it: what a commit of the batch says. */
    Map<TopicPartition, OffsetAndMetadata> offsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        owned.commits().forEach((partition, commit) -> offsets.put(partition,
                new OffsetAndMetadata(((DefaultKafkaManualCommit) commit).getRecordOffset() + 1)));
        return offsets;
    }

    /** Per partition, the offset of the batch's first record: what is committed already. */
    Map<TopicPartition, OffsetAndMetadata> committed() {
        Map<TopicPartition, OffsetAndMetadata> committed = new LinkedHashMap<>();
        owned.firstOffsets().forEach((partition, offset) -> committed.put(partition, new OffsetAndMetadata(offset)));
        return committed;
    }

    /** The consumer that read the batch, through camel-kafka's commit handle (on its polling thread); null if none. */
    Consumer<?, ?> consumer() {
        return owned.commits().isEmpty() ? null : handle().getConsumer();
    }

    DefaultKafkaManualCommit handle() {
        return (DefaultKafkaManualCommit) owned.commits().values().iterator().next();
    }

    @Override
    public boolean hasNext() {
        return part != null && part.hasNext() || !parts.isEmpty();
    }

    @Override
    public LookupWork next() {
        if (part == null || !part.hasNext()) {
            part = parts.remove();
        }
        return part.next();
    }

    LookupWork last() {
        return part.last();
    }

    /** The next slice of the record the last one came from, if it has more; else null. */
    LookupWork nextOfRecord() {
        return part.alone() != null && part.hasNext() ? part.next() : null;
    }
}
