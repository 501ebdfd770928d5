// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import no.krrgateway.config.TracingConfiguration;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.outcome.PersonOutcome;
import org.apache.camel.Message;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.stereotype.Component;

/** Plain kafka-clients records: a Camel message's headers cost more CPU per outcome than its JSON (BENCHMARKS.md). */
@Component
public record KafkaOutcomeRecords(OutcomeJson json, ObjectMapper mapper, KafkaChannelProperties.Topics topics) {

    static final String TRACEPARENT = "traceparent";
    /** A record's {@code traceparent} alone, as a Camel message's header. */
    private static final TextMapGetter<Message> TRACEPARENT_HEADER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Message carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(Message carrier, String key) {
            return carrier != null && TRACEPARENT.equals(key) ? carrier.getHeader(TRACEPARENT, String.class) : null;
        }
    };

    public List<ProducerRecord<byte[], byte[]>> toRecords(List<PersonOutcome> outcomes) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(outcomes.size() + outcomes.size() / 2);
        // One array per outcome, shared by its results and notifiable records; one generator for the list.
        List<byte[]> values = json.toBytes(outcomes);
        // the publishing span's trace context (docs/operations.md, "Traces"); null while tracing is off
        byte[] traceparent = currentTraceparent();
        for (int i = 0; i < outcomes.size(); i++) {
            PersonOutcome outcome = outcomes.get(i);
            byte[] key = bytes(outcome.personId());
            String correlationId = outcome.context().correlationId();
            records.add(record(outcome instanceof PersonOutcome.Result ? topics.results() : topics.errors(), key,
                    correlationId, values.get(i), traceparent));
            if (outcome instanceof PersonOutcome.Result result && result.verdict().notifiable()) {
                records.add(record(topics.notifiable(), key, correlationId, values.get(i), traceparent));
            }
        }
        return records;
    }

    /** Route publish-evidence's step (no kept answers, no records): one per signed answer, keyed by evidence id. */
    public List<ProducerRecord<byte[], byte[]>> evidenceRecords(List<PersonOutcome> outcomes) {
        return OutcomeJson.evidence(outcomes).stream().map(answer -> new ProducerRecord<>(topics.evidence(),
                answer.id().getBytes(StandardCharsets.US_ASCII), json.toBytes(answer))).toList();
    }

    /** One per request of the batch, keyed by its requestId, once all its outcomes are written. */
    List<ProducerRecord<byte[], byte[]>> completionRecords(CompletionTally tally, Instant completedAt) {
        return tally.completions().stream().map(completion -> record(topics.completed(),
                bytes(completion.context().requestId()), completion.context().correlationId(),
                bytes(CompletionTally.toJson(completion, mapper, completedAt).toString()), null)).toList();
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, byte[] key, String correlationId,
                                                         byte[] value, byte[] traceparent) {
        var record = new ProducerRecord<>(topic, key, value);
        if (correlationId != null) {
            record.headers().add(new RecordHeader(KafkaDelivery.CORRELATION_HEADER, bytes(correlationId)));
        }
        if (traceparent != null) {
            record.headers().add(new RecordHeader(TRACEPARENT, traceparent));
        }
        return record;
    }

    /** A batch is one lookup, so its span links to each record's {@code traceparent} rather than being one's child. */
    static void linkTraces(List<OwnedRecords.Record> records) {
        if (Span.current().getSpanContext().isValid()) { // else no traceparent is worth parsing
            TracingConfiguration.linkSpans(records.stream().map(record -> Span.fromContext(W3CTraceContextPropagator
                    .getInstance().extract(Context.root(), record.message(), TRACEPARENT_HEADER)).getSpanContext())
                    .toList());
        }
    }

    private static byte[] currentTraceparent() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? bytes("00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                + span.getTraceFlags().asHex()) : null;
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
