// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import no.krrgateway.krr.Evidence;
import no.krrgateway.outcome.EvidenceJson;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.outcome.PersonOutcome;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/** Plain kafka-clients records: a Camel message's headers cost more CPU per outcome than its JSON (BENCHMARKS.md). */
public record KafkaOutcomeRecords(OutcomeJson json, EvidenceJson evidenceJson, TopicsProperties topics) {

    public List<ProducerRecord<byte[], byte[]>> toRecords(List<PersonOutcome> outcomes) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(outcomes.size() + outcomes.size() / 2);
        // One array per outcome, shared by its results and notifiable records; one generator for the list.
        List<byte[]> values = json.toBytes(outcomes);
        // the publishing span's trace context (docs/operations.md, "Traces"); null while tracing is off
        byte[] traceparent = KafkaTraceContext.currentTraceparent();
        for (int i = 0; i < outcomes.size(); i++) {
            PersonOutcome outcome = outcomes.get(i);
            byte[] value = values.get(i);
            byte[] key = outcome.personId() == null ? null : outcome.personId().getBytes(StandardCharsets.UTF_8);
            if (outcome instanceof PersonOutcome.Result result) {
                records.add(record(topics.results(), key, outcome, value, traceparent));
                if (result.verdict().notifiable()) {
                    records.add(record(topics.notifiable(), key, outcome, value, traceparent));
                }
            } else {
                records.add(record(topics.errors(), key, outcome, value, traceparent));
            }
        }
        return records;
    }

    /** Route publish-evidence's step: one record per signed answer, keyed by evidence id. */
    public List<ProducerRecord<byte[], byte[]>> evidenceRecords(List<PersonOutcome> outcomes) {
        List<Evidence> evidence = EvidenceJson.of(outcomes);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(evidence.size());
        for (Evidence answer : evidence) {
            records.add(new ProducerRecord<>(topics.evidence(), answer.id().getBytes(StandardCharsets.US_ASCII),
                    evidenceJson.toBytes(answer)));
        }
        return records;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, byte[] key, PersonOutcome outcome,
                                                         byte[] value, byte[] traceparent) {
        var record = new ProducerRecord<>(topic, key, value);
        String correlationId = outcome.context().correlationId();
        if (correlationId != null) {
            record.headers().add(new RecordHeader(KafkaDelivery.CORRELATION_HEADER,
                    correlationId.getBytes(StandardCharsets.UTF_8)));
        }
        if (traceparent != null) {
            record.headers().add(new RecordHeader(KafkaTraceContext.TRACEPARENT, traceparent));
        }
        return record;
    }
}
