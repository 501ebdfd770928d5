// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.List;

/** A coalesced pass serves many callers, so its span links to theirs (at most 128) rather than being one's child. */
public final class CallerSpans {

    /** Header with the pass's callers' span contexts (LookupCoalescer). */
    public static final String HEADER = "krrGatewayCallerSpans";
    private static final int MAX_LINKS = 128;

    public static void link(List<SpanContext> callers) {
        Span pass = Span.current();
        if (callers != null && pass.getSpanContext().isValid()) {
            callers.stream().filter(SpanContext::isValid).limit(MAX_LINKS).forEach(pass::addLink);
        }
    }
}
