// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.krrgateway.outcome.OutcomeSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.common.TopicPartition;

/**
 * The batch's records its consumer still owns: those of partitions revoked while it gathered are their new owner's.
 * The assignment is read through camel-kafka's commit handle, on the polling thread.
 */
public record OwnedRecords(List<Record> records, Map<TopicPartition, KafkaManualCommit> commits,
                           Map<TopicPartition, Long> firstOffsets) {

    public record Record(Message message, OutcomeSource.Kafka source) {
    }

    public static OwnedRecords of(List<?> batch) {
        List<Record> records = new ArrayList<>();
        Map<TopicPartition, KafkaManualCommit> commits = new LinkedHashMap<>();
        Map<TopicPartition, Long> firstOffsets = new LinkedHashMap<>();
        Set<TopicPartition> assignment = null;
        for (Object element : batch) {
            Message record = ((Exchange) element).getMessage();
            TopicPartition topicPartition = BatchLimit.partition(record);
            long offset = BatchLimit.offset(record);
            KafkaManualCommit commit = record.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (assignment == null && commit instanceof DefaultKafkaManualCommit manual) {
                assignment = manual.getConsumer().assignment();
            }
            if (assignment != null && !assignment.contains(topicPartition)) {
                continue;
            }
            commits.put(topicPartition, commit);
            firstOffsets.putIfAbsent(topicPartition, offset);
            records.add(new Record(record, new OutcomeSource.Kafka(topicPartition.topic(), topicPartition.partition(),
                    offset)));
        }
        return new OwnedRecords(records, commits, firstOffsets);
    }
}
