// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.otel.bridge.OtelFinishedSpan;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The span filter that masks person ids before export (docs/operations.md, "Traces"). */
class TracingConfigurationTest {

    private static final String ID = "20914695016";

    @Test
    void personIdMasking_idInNameTagEventStatusAndTraceState_maskedEverywhere_restKept() {
        // also an address percent-encoded in a URL, and an id typed a digit short as a file's name (masked in logs)
        SpanData span = TestSpanData.builder()
                .setSpanContext(SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                        TraceFlags.getSampled(), TraceState.builder().put("ref", ID.substring(0, 10))
                                .put(ID.substring(0, 10) + "@gw", "1").put("vendor", "kept-1").build()))
                .setName("file " + ID + ".txt")
                .setKind(SpanKind.CONSUMER)
                .setAttributes(Attributes.builder().put("kafka.key", ID).put("kafka.partition", "3")
                        .put("http.url", "/x/" + ID.substring(0, 6) + "%20" + ID.substring(6))
                        .put("url.path", "/x/ola.nordmann%40example.no/%2B4791234567")
                        .put("file.name", ID.substring(0, 10) + ".txt")
                        .put("url.query", "id=" + ID.substring(0, 6) + "%2F" + ID.substring(6)).build())
                .setEvents(List.of(EventData.create(1, "error",
                        Attributes.builder().put("message", "bad id " + ID).build())))
                .setStatus(StatusData.create(StatusCode.ERROR, "The request was rejected: method GET" + ID))
                .setStartEpochNanos(1)
                .setEndEpochNanos(2)
                .setHasEnded(true)
                .setTotalRecordedEvents(1)
                .build();

        SpanData masked = OtelFinishedSpan.toOtel(
                new TracingConfiguration().personIdMasking().map(OtelFinishedSpan.fromOtel(span)));

        String all = masked.getName() + masked.getAttributes() + masked.getEvents().stream()
                .map(event -> event.getName() + event.getAttributes()).toList() + masked.getStatus();
        assertThat(all).doesNotContain(ID).doesNotContainPattern("\\d{11}").doesNotContain(ID.substring(6))
                .doesNotContain("ola.nordmann").doesNotContain("4791234567").doesNotContain(ID.substring(0, 10));
        assertThat(masked.getName()).isEqualTo("file ***********.txt");
        assertThat(masked.getAttributes().asMap().toString()).contains("kafka.partition", "3");
        assertThat(masked.getEvents()).extracting(EventData::getName).containsExactly("error");
        assertThat(masked.getStatus()).isEqualTo(StatusData.error());
        assertThat(masked.getTraceId()).isEqualTo(span.getTraceId());
        // the caller's tracestate masked as a name it chose; a key that masking makes invalid goes
        assertThat(masked.getSpanContext().getTraceState().asMap())
                .containsExactlyInAnyOrderEntriesOf(Map.of("ref", "**********", "vendor", "kept-1"));
    }
}
