// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.exporter.SpanFilter;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import no.krrgateway.logging.PersonIdMasking;
import org.apache.camel.CamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.springframework.boot.actuate.autoconfigure.tracing.ConditionalOnEnabledTracing;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Traces, only with {@code management.tracing.enabled=true} (docs/operations.md, "Traces"). Spring Boot builds the
 * OpenTelemetry SDK (Micrometer Tracing's OTel bridge: the web server's spans, the OTLP exporter, the W3C
 * {@code traceparent} propagator); this adds Camel's own tracer (camel-opentelemetry2), which spans the routes with
 * that SDK's tracer and propagator (it finds both as beans), and a filter that masks person ids in every span before
 * export.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnEnabledTracing
public class TracingConfiguration {

    /**
     * Camel's spans: each route's consumer and each send to an endpoint, with Camel's tags (endpoint URI, Kafka key
     * and offset, file name, ...), which may hold person ids: {@link #personIdMasking()} masks them.
     */
    @Bean
    OpenTelemetryTracer camelTracer(CamelContext camel) {
        OpenTelemetryTracer tracer = new OpenTelemetryTracer();
        // init before the routes start: a route policy on every route and an event notifier on every send
        tracer.init(camel);
        return tracer;
    }

    /**
     * Every exported span (Spring's and Camel's) with person ids masked, as in logs (any 11-digit run, also split by
     * separators): its name, its tags and its events' names. Events keep only their names: Camel's error events carry
     * the exception's message, which may quote input; the span's error status stays, and the log has the masked text.
     */
    @Bean
    SpanFilter personIdMasking() {
        return span -> {
            span.setName(PersonIdMasking.mask(span.getName()));
            Map<String, String> tags = new LinkedHashMap<>();
            span.getTags().forEach((key, value) -> tags.put(key, PersonIdMasking.mask(value)));
            span.setTags(tags);
            span.setEvents(span.getEvents().stream()
                    .<Map.Entry<Long, String>>map(event ->
                            new AbstractMap.SimpleEntry<>(event.getKey(), PersonIdMasking.mask(event.getValue())))
                    .toList());
            return span;
        };
    }
}
