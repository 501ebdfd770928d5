// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import no.krrgateway.krr.Evidence;
import no.krrgateway.outcome.EvidenceJson;
import no.krrgateway.outcome.PersonOutcome;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Route publish-evidence's step: one record per signed answer, keyed by evidence id. */
public class KafkaEvidenceRecords {

    private final EvidenceJson json;
    private final String topic;

    public KafkaEvidenceRecords(EvidenceJson json, String topic) {
        this.json = json;
        this.topic = topic;
    }

    public List<ProducerRecord<byte[], byte[]>> toRecords(List<PersonOutcome> outcomes) {
        List<Evidence> evidence = EvidenceJson.of(outcomes);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(evidence.size());
        for (Evidence answer : evidence) {
            records.add(new ProducerRecord<>(topic, answer.id().getBytes(StandardCharsets.US_ASCII),
                    json.toBytes(answer)));
        }
        return records;
    }
}
