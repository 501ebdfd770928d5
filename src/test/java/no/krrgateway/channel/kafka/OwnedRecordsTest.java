// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.ArrayList;
import java.util.List;
import no.krrgateway.outcome.OutcomeSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualSyncCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** camel-kafka's commit handles built by hand, as the batching consumer attaches them to each record. */
class OwnedRecordsTest {

    private static final TopicPartition P0 = new TopicPartition("requests", 0);
    private static final TopicPartition P1 = new TopicPartition("requests", 1);
    private static final TopicPartition P2 = new TopicPartition("requests", 2);

    private final CamelContext camel = new DefaultCamelContext();
    private final MockConsumer<String, String> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
    private final List<Exchange> batch = new ArrayList<>();

    private KafkaManualCommit record(TopicPartition partition, long offset, boolean withCommit) {
        Exchange record = KafkaBatchTest.kafkaRecord(camel, partition, offset, "");
        KafkaManualCommit commit = new DefaultKafkaManualSyncCommit(
                new KafkaManualCommitFactory.CamelExchangePayload(record, consumer, "t", null),
                new KafkaManualCommitFactory.KafkaRecordPayload(partition, offset, 5000), null);
        if (withCommit) {
            record.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, commit);
        }
        batch.add(record);
        return commit;
    }

    @Test
    void of_recordsOfARevokedPartition_neitherReadNorCommitted() {
        consumer.assign(List.of(P0, P1));
        record(P0, 10, true);
        record(P2, 3, true); // revoked while the batch gathered
        record(P1, 5, true);
        record(P0, 11, true);

        OwnedRecords owned = OwnedRecords.of(batch);

        assertThat(owned.records()).extracting(OwnedRecords.Record::source).containsExactly(
                new OutcomeSource.Kafka("requests", 0, 10), new OutcomeSource.Kafka("requests", 1, 5),
                new OutcomeSource.Kafka("requests", 0, 11));
        assertThat(owned.offsets()).as("after each partition's last record").containsExactly(
                entry(P0, new OffsetAndMetadata(12)), entry(P1, new OffsetAndMetadata(6)));
        assertThat(owned.committed()).as("each partition's first record").containsExactly(
                entry(P0, new OffsetAndMetadata(10)), entry(P1, new OffsetAndMetadata(5)));
        assertThat(owned.handle().getConsumer()).isSameAs(consumer);
    }

    @Test
    void of_partitionAssignedAgainWhileTheBatchGathered_onlyItsLastReading() {
        consumer.assign(List.of(P0, P1));
        record(P0, 10, true);
        record(P0, 11, true);
        record(P1, 5, true);
        // an eager rebalance: P0 revoked and assigned again, read again from its committed offset
        record(P0, 10, true);
        record(P0, 11, true);
        record(P0, 12, true);
        record(P1, 6, true);
        // a partition that came back after another owner committed part of it: only from there
        record(P1, 6, true);

        OwnedRecords owned = OwnedRecords.of(batch);

        assertThat(owned.records()).extracting(OwnedRecords.Record::source).containsExactly(
                new OutcomeSource.Kafka("requests", 0, 10), new OutcomeSource.Kafka("requests", 0, 11),
                new OutcomeSource.Kafka("requests", 0, 12), new OutcomeSource.Kafka("requests", 1, 6));
        assertThat(owned.offsets()).containsExactly(
                entry(P0, new OffsetAndMetadata(13)), entry(P1, new OffsetAndMetadata(7)));
        assertThat(owned.committed()).containsExactly(
                entry(P0, new OffsetAndMetadata(10)), entry(P1, new OffsetAndMetadata(6)));
    }

    @Test
    void of_partitionThatCameBackAfterAnotherOwnerFinishedIt_noneOfItsRecordsBelowTheCommittedOffset() {
        consumer.assign(List.of(P0, P1));
        record(P0, 10, true);
        record(P1, 5, true);
        record(P1, 6, true);
        // P1 went away, its new owner answered 5 and 6 and committed 7, and it came back with nothing to read again
        consumer.commitSync(java.util.Map.of(P1, new OffsetAndMetadata(7)));
        PartitionOwnership.assigned(List.of(P1)); // by its consumer's rebalance listener, as it came back

        OwnedRecords owned = OwnedRecords.of(batch);

        assertThat(owned.records()).extracting(OwnedRecords.Record::source)
                .containsExactly(new OutcomeSource.Kafka("requests", 0, 10));
        assertThat(owned.offsets()).containsExactly(entry(P0, new OffsetAndMetadata(11)));
    }

    @Test
    void of_withoutCommitHandles_keepsEveryRecord() {
        record(P0, 1, false);
        record(P2, 2, false);

        assertThat(OwnedRecords.of(batch).records()).hasSize(2);
    }
}
