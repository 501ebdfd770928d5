// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A batch is one lookup, so its span links to each record's {@code traceparent} rather than being one's child. */
public final class KafkaTraceContext {

    public static final String TRACEPARENT = "traceparent";

    /** OpenTelemetry's default limit of links per span: more are dropped anyway. */
    private static final int MAX_LINKS = 128;

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private KafkaTraceContext() {
    }

    public static void linkRecords(List<OwnedRecords.Record> records) {
        Span span = Span.current();
        if (span.getSpanContext().isValid()) {
            records.stream().map(record -> spanContext(record.message().getHeader(TRACEPARENT)))
                    .filter(SpanContext::isValid).limit(MAX_LINKS).forEach(span::addLink);
        }
    }

    /** The span context of a {@code traceparent} header (bytes, as camel-kafka gives them, or text), else invalid. */
    static SpanContext spanContext(Object header) {
        String traceparent = header instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : header instanceof String text ? text : null;
        return traceparent == null ? SpanContext.getInvalid()
                : Span.fromContext(W3C.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP)).getSpanContext();
    }

    /** The current span's {@code traceparent}, for the records it publishes; null while none is current. */
    public static byte[] currentTraceparent() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? ("00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                + span.getTraceFlags().asHex()).getBytes(StandardCharsets.UTF_8) : null;
    }
}
