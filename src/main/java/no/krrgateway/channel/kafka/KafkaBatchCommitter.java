// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.util.Map;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.common.TopicPartition;

/** Commits a batch's offsets, per partition after its last record, once every outcome is acknowledged. */
public class KafkaBatchCommitter {

    public void commit(@ExchangeProperty(KafkaBatchReader.COMMITS) Map<TopicPartition, KafkaManualCommit> commits) {
        if (commits != null) {
            commits.values().forEach(KafkaManualCommit::commit);
        }
    }
}
