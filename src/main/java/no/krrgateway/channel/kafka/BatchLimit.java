// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Halves the limit after a batch outlived max-poll-interval (else it fails so for ever); quick ones double it. */
public class BatchLimit {

    private static final Logger log = LoggerFactory.getLogger(BatchLimit.class);

    private final int maxRecords;
    private final Duration maxPollInterval;
    private volatile int limit;
    /** Per consumer until its next batch: partitions sought back, with the last offset a batch held. */
    private final Map<Consumer<?, ?>, Map<TopicPartition, Long>> soughtBack =
            Collections.synchronizedMap(new WeakHashMap<>());
    private final LongSupplier nanoTime;

    public BatchLimit(int maxRecords, Duration maxPollInterval, LongSupplier nanoTime) {
        this.maxRecords = maxRecords;
        this.maxPollInterval = maxPollInterval;
        this.limit = maxRecords;
        this.nanoTime = nanoTime;
    }

    public int limit() {
        return limit;
    }

    public OwnedRecords apply(Exchange batch, OwnedRecords owned) {
        if (owned.handle() != null) {
            Consumer<?, ?> consumer = owned.handle().getConsumer();
            List<OwnedRecords.Record> records = dropStale(owned.records(), soughtBack.remove(consumer));
            int keep = limit;
            if (records.size() > keep) {
                seekBack(consumer, records, keep);
                records = List.copyOf(records.subList(0, keep));
            }
            owned = new OwnedRecords(records, owned.handle());
        }
        watch(batch, owned.records().size());
        return owned;
    }

    private void seekBack(Consumer<?, ?> consumer, List<OwnedRecords.Record> records, int keep) {
        Map<TopicPartition, Long> firstLeft = new HashMap<>();
        Map<TopicPartition, Long> last = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            TopicPartition partition = records.get(i).partition();
            long offset = records.get(i).source().offset();
            if (i >= keep) {
                firstLeft.putIfAbsent(partition, offset);
            }
            last.merge(partition, offset, Math::max);
        }
        firstLeft.forEach(consumer::seek);
        last.keySet().retainAll(firstLeft.keySet());
        soughtBack.put(consumer, last);
        log.debug("A batch of {} records takes {}; the rest is read again from {}", records.size(), keep, firstLeft);
    }

    /**
     * Topics take turns, so one tenant's backlog holds back no other's records: a consumer buffers up to
     * max.partition.fetch.bytes per partition, polled first come first served. With the topics just polled paused, a
     * second poll takes the other topics' buffered records, which go first.
     */
    @SuppressWarnings("unchecked")
    static <K, V> ConsumerRecords<K, V> takeTurns(Consumer<?, ?> consumer, ConsumerRecords<K, V> polled) {
        Set<String> topics = polled.partitions().stream().map(TopicPartition::topic).collect(Collectors.toSet());
        Set<TopicPartition> paused = consumer.paused();
        Map<Boolean, List<TopicPartition>> turn = consumer.assignment().stream().filter(p -> !paused.contains(p))
                .collect(Collectors.partitioningBy(partition -> topics.contains(partition.topic())));
        if (polled.isEmpty() || turn.get(false).isEmpty()) {
            return polled;
        }
        Map<TopicPartition, List<ConsumerRecord<K, V>>> records = new LinkedHashMap<>();
        consumer.pause(turn.get(true));
        try {
            var others = (ConsumerRecords<K, V>) consumer.poll(Duration.ZERO);
            others.partitions().forEach(partition -> records.put(partition, others.records(partition)));
        } catch (RuntimeException e) { // as if the first poll had failed (DeniedTopics): its records are read again
            polled.partitions().stream().filter(consumer.assignment()::contains)
                    .forEach(partition -> consumer.seek(partition, polled.records(partition).get(0).offset()));
            throw e;
        } finally {
            consumer.resume(turn.get(true).stream().filter(consumer.assignment()::contains).toList());
        }
        polled.partitions().forEach(partition -> records.put(partition, polled.records(partition)));
        return new ConsumerRecords<>(records);
    }

    /** Records camel-kafka polled behind a batch, of partitions sought back since, are read again: left out here. */
    static List<OwnedRecords.Record> dropStale(List<OwnedRecords.Record> records, Map<TopicPartition, Long> stale) {
        if (stale == null || stale.isEmpty()) {
            return records;
        }
        Map<TopicPartition, Long> notReadAgain = new HashMap<>(stale);
        List<OwnedRecords.Record> kept = new ArrayList<>(records.size());
        for (OwnedRecords.Record record : records) {
            Long last = notReadAgain.get(record.partition());
            if (last != null && record.source().offset() > last) {
                continue;
            }
            notReadAgain.remove(record.partition());
            kept.add(record);
        }
        return kept;
    }

    private void watch(Exchange batch, int records) {
        long started = nanoTime.getAsLong();
        batch.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                Duration took = Duration.ofNanos(nanoTime.getAsLong() - started);
                if (done.getException() != null && took.compareTo(maxPollInterval) >= 0) {
                    limit = Math.max(1, Math.min(limit, records / 2));
                    log.error("A batch of {} request records ran {} s, longer than gateway.kafka.max-poll-interval "
                            + "({} s): its consumer lost its partitions, nothing of it was committed, and it is read "
                            + "again; from now on a batch takes at most {} records, until batches run well within the "
                            + "interval again", records, took.toSeconds(), maxPollInterval.toSeconds(), limit);
                } else if (done.getException() == null && limit < maxRecords
                        && took.compareTo(maxPollInterval.dividedBy(4)) < 0) {
                    limit = Math.min(maxRecords, limit * 2);
                    log.info("Kafka batches take up to {} request records again", limit);
                }
            }
        });
    }
}
