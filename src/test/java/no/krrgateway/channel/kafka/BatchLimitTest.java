// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualSyncCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class BatchLimitTest {

    private static final TopicPartition P0 = new TopicPartition("requests", 0);
    private static final TopicPartition P1 = new TopicPartition("requests", 1);

    private final CamelContext camel = new DefaultCamelContext();
    private final MockConsumer<String, String> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
    private final java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
    private final BatchLimit limit = new BatchLimit(6, Duration.ofMinutes(1), now::get);

    @Test
    void batchOutlivingMaxPollInterval_nextBatchesHalfAsLargeDownToOne_thenGrowBack() {
        consumer.assign(List.of(P0));
        assertThat(limit.limit()).isEqualTo(6);
        run(records(P0, 0, 6), Duration.ofSeconds(61), true);
        assertThat(limit.limit()).as("half of the batch that ran too long").isEqualTo(3);
        run(records(P0, 0, 3), Duration.ofSeconds(10), true);
        assertThat(limit.limit()).as("a batch failing within the interval changes nothing").isEqualTo(3);
        run(records(P0, 0, 3), Duration.ofSeconds(61), true);
        run(records(P0, 0, 1), Duration.ofSeconds(61), true);
        assertThat(limit.limit()).as("never below one record").isEqualTo(1);
        run(records(P0, 0, 1), Duration.ofSeconds(1), false);
        assertThat(limit.limit()).as("a quick batch doubles it").isEqualTo(2);
        run(records(P0, 0, 2), Duration.ofSeconds(20), false);
        assertThat(limit.limit()).as("not after a batch that took more than a quarter of the interval").isEqualTo(2);
    }

    @Test
    void batchOverTheLimit_keepsItsFirstRecords_seeksTheRestBack_dropsWhatWasPolledBehindIt() {
        consumer.assign(List.of(P0, P1));
        run(records(P0, 0, 6), Duration.ofSeconds(61), true);
        assertThat(limit.limit()).isEqualTo(3);

        List<Exchange> polled = new ArrayList<>(records(P0, 10, 4)); // offsets 10..13
        polled.addAll(records(P1, 20, 2));
        assertThat(offsets(limit.apply(batch(), OwnedRecords.of(polled)))).as("the first three records")
                .containsExactly(10L, 11L, 12L);
        assertThat(consumer.position(P0)).as("P0 read again from its first record left").isEqualTo(13);
        assertThat(consumer.position(P1)).as("P1 all of it").isEqualTo(20);

        // camel-kafka had polled P0 14..15 and P1 22 behind it; then the records read again arrive
        List<Exchange> next = new ArrayList<>(records(P0, 14, 2));
        next.addAll(records(P1, 22, 1));
        next.addAll(records(P0, 13, 2)); // 13, 14 read again
        assertThat(offsets(limit.apply(batch(), OwnedRecords.of(next))))
                .as("what was polled behind it dropped, the records read again kept").containsExactly(13L, 14L);
    }

    @Test
    void aPollOfOneTopic_theOtherTopicsBufferedRecordsComeFirst_itsOtherPartitionsWait_nothingLeftPaused() {
        TopicPartition a0 = new TopicPartition("tenant-a", 0);
        TopicPartition a1 = new TopicPartition("tenant-a", 1);
        TopicPartition b0 = new TopicPartition("tenant-b", 0);
        TopicPartition c0 = new TopicPartition("tenant-c", 0);
        consumer.assign(List.of(a0, a1, b0, c0));
        consumer.updateBeginningOffsets(Map.of(a0, 0L, a1, 0L, b0, 0L, c0, 0L));
        consumer.pause(List.of(c0)); // paused by someone else (a commit completing a rebalance)
        consumer.addRecord(record(a1, 0));
        consumer.addRecord(record(b0, 0));
        consumer.addRecord(record(c0, 0));

        ConsumerRecords<String, String> taken = BatchLimit.takeTurns(consumer, polled(a0));

        assertThat(partitions(taken)).as("B's record before A's; A's other partition and C wait")
                .containsExactly(b0, a0);
        assertThat(consumer.paused()).as("only C, as before").containsExactly(c0);
        assertThat(partitions(consumer.poll(Duration.ZERO))).as("A's other partition next").containsExactly(a1);
    }

    @Test
    void theOtherTopicsPollFailing_failsAsThePollWould_itsRecordsReadAgain_nothingLeftPaused() {
        TopicPartition a0 = new TopicPartition("tenant-a", 0);
        TopicPartition b0 = new TopicPartition("tenant-b", 0);
        consumer.assign(List.of(a0, b0));
        consumer.updateBeginningOffsets(Map.of(a0, 0L, b0, 0L));
        consumer.seek(a0, 1); // past the polled record
        var denied = new TopicAuthorizationException(Set.of("tenant-b"));
        consumer.setPollException(denied);

        // swallowed, the denial would not reach DeniedTopics until Kafka raised it again (TenantTopicDeniedIT)
        assertThatThrownBy(() -> BatchLimit.takeTurns(consumer, polled(a0))).isSameAs(denied);
        assertThat(consumer.position(a0)).as("the polled record read again").isZero();
        assertThat(consumer.paused()).isEmpty();
    }

    private static ConsumerRecords<String, String> polled(TopicPartition partition) {
        return new ConsumerRecords<>(Map.of(partition, List.of(record(partition, 0))));
    }

    private static ConsumerRecord<String, String> record(TopicPartition partition, long offset) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, null, "r");
    }

    private static List<TopicPartition> partitions(ConsumerRecords<String, String> records) {
        List<TopicPartition> order = new ArrayList<>();
        records.forEach(record -> order.add(new TopicPartition(record.topic(), record.partition())));
        return order;
    }

    private void run(List<Exchange> records, Duration took, boolean failed) {
        Exchange batch = batch();
        limit.apply(batch, OwnedRecords.of(records));
        now.addAndGet(took.toNanos());
        if (failed) {
            batch.setException(new IllegalStateException("commit refused"));
        }
        batch.getExchangeExtension().handoverCompletions().forEach(s -> {
            if (failed) {
                s.onFailure(batch);
            } else {
                s.onComplete(batch);
            }
        });
    }

    private Exchange batch() {
        return new DefaultExchange(camel);
    }

    private List<Exchange> records(TopicPartition partition, long from, int count) {
        List<Exchange> records = new ArrayList<>();
        for (long offset = from; offset < from + count; offset++) {
            Exchange record = KafkaBatchTest.kafkaRecord(camel, partition, offset, "");
            record.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, new DefaultKafkaManualSyncCommit(
                    new KafkaManualCommitFactory.CamelExchangePayload(record, consumer, "t", null),
                    new KafkaManualCommitFactory.KafkaRecordPayload(partition, offset, 5000), null));
            records.add(record);
        }
        return records;
    }

    private static List<Long> offsets(OwnedRecords batch) {
        return batch.records().stream().map(record -> record.source().offset()).toList();
    }
}
