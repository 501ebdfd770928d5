// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import no.krrgateway.outcome.PersonOutcome;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** One request in {@link LookupCoalescer}'s waiting room. */
final class Caller {

    static final String SPANS_HEADER = "krrGatewayCallerSpans";

    final LookupCoalescer.Request request;
    final CompletableFuture<List<PersonOutcome>> answer = new CompletableFuture<>();
    final List<String> distinct;
    final long arrived = System.nanoTime();
    /** Invalid where tracing is off. */
    final SpanContext span = Span.current().getSpanContext();
    final Map<String, PersonOutcome> answered = new HashMap<>();
    /** The next of {@link #distinct} to send. */
    int next;
    int inFlightIds;
    boolean failed;
    boolean gaveUp;
    boolean released;

    Caller(LookupCoalescer.Request request) {
        this.request = request;
        this.distinct = List.copyOf(new LinkedHashSet<>(request.personIds()));
    }

    /** The claim, else azp, else the subject; anonymous if auth=none. Only on the request's (authenticated) thread. */
    static String clientId(String claim) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller instanceof JwtAuthenticationToken jwt) {
            return Stream.of(claim, "azp").map(jwt.getToken()::getClaimAsString)
                    .filter(value -> value != null && !value.isBlank()).findFirst().orElse(jwt.getName());
        }
        return caller == null || caller instanceof AnonymousAuthenticationToken ? "anonymous" : caller.getName();
    }

    int unsent() {
        return distinct.size() - next;
    }

    boolean isFinished() {
        return inFlightIds == 0 && (failed || gaveUp || unsent() == 0);
    }

    /** Outside the coalescer's lock: its outcomes back, in the order of its ids, in its own context. */
    void finish(LookupCoalescer.RequestListener listener) {
        List<PersonOutcome> own = request.personIds().stream().map(answered::get).filter(Objects::nonNull)
                .map(this::own).toList();
        if (!own.isEmpty()) {
            listener.lookedUp(request, own, gaveUp);
        }
        if (!failed && !gaveUp) {
            answer.complete(own);
        }
    }

    private PersonOutcome own(PersonOutcome shared) {
        if (shared instanceof PersonOutcome.Result result) {
            return new PersonOutcome.Result(request.context(), result.personId(), result.verdict(), result.krr(),
                    result.evidence());
        }
        PersonOutcome.Error error = (PersonOutcome.Error) shared;
        return new PersonOutcome.Error(request.context(), error.personId(), error.code(), error.message(),
                error.payload(), error.payloadLength());
    }
}
