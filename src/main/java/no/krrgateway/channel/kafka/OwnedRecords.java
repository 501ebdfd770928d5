// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import no.krrgateway.outcome.OutcomeSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The batch's records its consumer still owns; camel-kafka's commit handle (or null) reaches that consumer. */
public record OwnedRecords(List<Record> records, DefaultKafkaManualCommit handle) {

    private static final Logger log = LoggerFactory.getLogger(PartitionOwnership.class);
    private static final Duration REBALANCE_POLL = Duration.ofMillis(100);
    /** While a commit completes a rebalance on this polling thread: what to do before partitions go. */
    static final ThreadLocal<java.util.function.Consumer<Collection<TopicPartition>>> REVOKING = new ThreadLocal<>();

    public record Record(Message message, OutcomeSource.Kafka source) {

        TopicPartition partition() {
            return new TopicPartition(source.topic(), source.partition());
        }

        /** The record's PoisonRecords key, and its requestId when it names none (docs/contract.md §2). */
        String key() {
            return source.topic() + "-" + source.partition() + "-" + source.offset();
        }
    }

    /**
     * Records of partitions revoked while the batch gathered are their new owner's. One assigned again was read again
     * from its committed offset, beside what camel-kafka had gathered of it: only its last reading counts, and none
     * below that offset (another owner's meanwhile, done).
     */
    public static OwnedRecords of(List<?> batch) {
        List<Record> records = batch.stream().map(element -> ((Exchange) element).getMessage())
                .map(record -> new Record(record, new OutcomeSource.Kafka(record.getHeader(KafkaConstants.TOPIC,
                        String.class), record.getHeader(KafkaConstants.PARTITION, Integer.class),
                        record.getHeader(KafkaConstants.OFFSET, Long.class)))).toList();
        if (records.isEmpty() || !(records.get(0).message().getHeader(KafkaConstants.MANUAL_COMMIT)
                instanceof DefaultKafkaManualCommit handle)) {
            return new OwnedRecords(records, null);
        }
        Set<TopicPartition> assignment = new HashSet<>(handle.getConsumer().assignment());
        assignment.retainAll(records.stream().map(Record::partition).toList());
        Set<TopicPartition> back = PartitionOwnership.assignedSinceLastBatch(assignment);
        Map<TopicPartition, OffsetAndMetadata> done = back.isEmpty() ? Map.of() : handle.getConsumer().committed(back);
        return new OwnedRecords(lastReading(records.stream().filter(record -> assignment.contains(record.partition())
                && (done.get(record.partition()) == null || record.source().offset() >= done.get(record.partition())
                .offset())).toList()), handle);
    }

    /** Per partition, its records from the last one whose offset is not above the one before (a reading again). */
    private static List<Record> lastReading(List<Record> records) {
        Map<TopicPartition, Long> last = new HashMap<>();
        Map<TopicPartition, Integer> from = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            Long before = last.put(records.get(i).partition(), records.get(i).source().offset());
            if (before == null || records.get(i).source().offset() <= before) {
                from.put(records.get(i).partition(), i);
            }
        }
        return IntStream.range(0, records.size()).filter(i -> i >= from.get(records.get(i).partition()))
                .mapToObj(records::get).toList();
    }

    Consumer<?, ?> consumer() {
        return records.isEmpty() || handle == null ? null : handle.getConsumer();
    }

    /** Per partition, the offset after the batch's last record of it: what a commit of the batch says. */
    Map<TopicPartition, OffsetAndMetadata> offsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        records.forEach(record -> offsets.put(record.partition(), new OffsetAndMetadata(record.source().offset() + 1)));
        return offsets;
    }

    /** Per partition, the offset of the batch's first record: what is committed already. */
    Map<TopicPartition, OffsetAndMetadata> committed() {
        Map<TopicPartition, OffsetAndMetadata> committed = new LinkedHashMap<>();
        records.forEach(record -> committed.putIfAbsent(record.partition(),
                new OffsetAndMetadata(record.source().offset())));
        return committed;
    }

    /** Kafka refuses a commit while the consumer rejoins: polls with partitions paused complete the rebalance first. */
    static void commit(Consumer<?, ?> consumer, Duration wait, Map<TopicPartition, OffsetAndMetadata> offsets,
                       Runnable commit, java.util.function.Consumer<Map<TopicPartition, OffsetAndMetadata>> revoking) {
        long deadline = System.nanoTime() + wait.toNanos();
        for (int polls = 0; ; polls++) {
            try {
                commit.run();
                if (polls > 0) {
                    log.info("A batch's commit waited for its consumer's rebalance ({} polls) and is done", polls);
                }
                return;
            } catch (RebalanceInProgressException e) {
                if (System.nanoTime() - deadline > 0) {
                    log.warn("A batch's consumer was still rebalancing after {} s; the batch is left to be done "
                            + "again", wait.toSeconds());
                    throw e;
                }
                // before partitions go, their part of offsets is taken out of it and handed to revoking
                pollPaused(consumer, revoked -> {
                    Map<TopicPartition, OffsetAndMetadata> going = new LinkedHashMap<>(offsets);
                    going.keySet().retainAll(revoked);
                    offsets.keySet().removeAll(revoked);
                    revoking.accept(going);
                });
            }
        }
    }

    private static void pollPaused(Consumer<?, ?> consumer,
                                   java.util.function.Consumer<Collection<TopicPartition>> beforeRevoke) {
        Set<TopicPartition> paused = new HashSet<>(consumer.assignment());
        paused.removeAll(consumer.paused());
        consumer.pause(paused);
        REVOKING.set(beforeRevoke);
        try {
            ConsumerRecords<?, ?> records = consumer.poll(REBALANCE_POLL);
            // Partitions assigned by this poll are not paused: what it fetched of them is put back for the route.
            for (TopicPartition partition : records.partitions()) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
        } finally {
            REVOKING.remove();
            paused.retainAll(consumer.assignment());
            consumer.resume(paused);
        }
    }
}
