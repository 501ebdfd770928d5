// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import io.micrometer.tracing.exporter.SpanFilter;
import io.micrometer.tracing.otel.bridge.OtelFinishedSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import no.krrgateway.logging.PersonIdMasking;
import org.apache.camel.CamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.springframework.boot.actuate.autoconfigure.tracing.ConditionalOnEnabledTracing;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Camel's tracer on Spring Boot's OpenTelemetry SDK, and person ids masked in every span before export. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnEnabledTracing
public class TracingConfiguration {

    /** A digit, separator ('/' too), '@' or '+' a URL may percent-encode (209146%2F95016): masked as what it is. */
    private static final Pattern ENCODED = Pattern.compile("%(3\\d|2[0BDEFbdef]|40|5[Ff])");

    @Bean
    OpenTelemetryTracer camelTracer(CamelContext camel) {
        OpenTelemetryTracer tracer = new OpenTelemetryTracer();
        // before the routes start: a route policy on every route, an event notifier on every send
        tracer.init(camel);
        return tracer;
    }

    /** Tags (endpoint URI, Kafka key, file name: ten digits too, as logged) may quote ids; exception messages go. */
    @Bean
    SpanFilter personIdMasking() {
        return span -> {
            Map<String, String> tags = new LinkedHashMap<>();
            span.getTags().forEach((key, value) -> {
                String text = ENCODED.matcher(value).replaceAll(code -> String.valueOf((char) Integer.parseInt(
                        code.group(1), 16)));
                tags.put(key, key.equals("file.name") ? PersonIdMasking.maskName(text) : PersonIdMasking.mask(text));
            });
            var masked = OtelFinishedSpan.toOtel(span.setName(PersonIdMasking.mask(span.getName())).setTags(tags)
                    .setEvents(span.getEvents().stream()
                            .map(event -> Map.entry(event.getKey(), PersonIdMasking.mask(event.getValue()))).toList()));
            return OtelFinishedSpan.fromOtel(new DelegatingSpanData(masked) {
                @Override
                public StatusData getStatus() {
                    return StatusData.create(masked.getStatus().getStatusCode(), null);
                }

                @Override
                public SpanContext getSpanContext() {
                    return masked(masked.getSpanContext());
                }
            });
        };
    }

    /** A pass (an API pass, a Kafka batch) serves many requests: its span links to theirs (128, OTel's limit). */
    public static void linkSpans(List<SpanContext> callers) {
        Span pass = Span.current();
        if (callers != null && pass.getSpanContext().isValid()) {
            callers.stream().filter(SpanContext::isValid).limit(128).map(TracingConfiguration::masked)
                    .forEach(pass::addLink);
        }
    }

    /** A caller's tracestate is its own words, as a file's name: masked so; an entry whose key that spoils goes. */
    private static SpanContext masked(SpanContext span) {
        var state = TraceState.builder();
        span.getTraceState().forEach((key, value) -> state.put(PersonIdMasking.maskName(key),
                PersonIdMasking.maskName(value)));
        return span.getTraceState().isEmpty() ? span : SpanContext.create(span.getTraceId(), span.getSpanId(),
                span.getTraceFlags(), state.build());
    }
}
