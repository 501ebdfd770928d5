// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import no.krrgateway.lookup.LookupItem;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;

/** One org's waiting ids for {@link LookupCoalescer}, by client; the clients in turn. */
final class OrgQueue {
    final Optional<String> org;
    /** Each client's requests with ids waiting, by client id, the client next to give an id first. */
    private final LinkedHashMap<String, ArrayDeque<Caller>> turns = new LinkedHashMap<>();
    int pendingIds;

    OrgQueue(Optional<String> org) {
        this.org = org;
    }

    void add(Caller caller) {
        turns.computeIfAbsent(caller.request.clientId(), client -> new ArrayDeque<>()).addLast(caller);
        pendingIds += caller.distinct.size();
    }

    void remove(Caller caller) {
        pendingIds -= caller.distinct.size() - caller.next;
        caller.next = caller.distinct.size();
        ArrayDeque<Caller> client = turns.get(caller.request.clientId());
        client.remove(caller);
        if (client.isEmpty()) {
            turns.remove(caller.request.clientId());
        }
    }

    /** The window of the batch being gathered starts at the oldest waiting request. */
    long oldestArrival() {
        return turns.values().stream().mapToLong(client -> client.peekFirst().arrived).min().orElse(Long.MAX_VALUE);
    }

    /** Up to {@code max} distinct ids, one from each client in turn. */
    Batch take(int max) {
        Batch batch = new Batch(org);
        while (batch.ids.size() < max && !turns.isEmpty()) {
            String clientId = turns.keySet().iterator().next();
            ArrayDeque<Caller> client = turns.remove(clientId);
            Caller caller = client.peekFirst();
            String id = caller.distinct.get(caller.next++);
            pendingIds--;
            caller.inFlightIds++;
            batch.ids.add(id);
            batch.parts.computeIfAbsent(caller, c -> new ArrayList<>()).add(id);
            if (caller.next == caller.distinct.size()) {
                client.pollFirst();
            }
            if (!client.isEmpty()) {
                turns.put(clientId, client); // to the back of the line
            }
        }
        return batch;
    }

    /** One request in waiting: its distinct ids, how many are sent, and the outcomes back so far. */
    static final class Caller {
        final LookupCoalescer.Request request;
        final CompletableFuture<List<PersonOutcome>> answer = new CompletableFuture<>();
        final List<String> distinct;
        final long arrived;
        /** Invalid where tracing is off. */
        final SpanContext span = Span.current().getSpanContext();
        final Map<String, PersonOutcome> answered = new HashMap<>();
        /** The next of {@link #distinct} to send. */
        int next;
        int inFlightIds;
        boolean failed;
        boolean gaveUp;
        boolean released;

        Caller(LookupCoalescer.Request request, long arrived) {
            this.request = request;
            this.distinct = List.copyOf(new LinkedHashSet<>(request.personIds()));
            this.arrived = arrived;
        }

        boolean isFinished() {
            return inFlightIds == 0 && (failed || gaveUp || next == distinct.size());
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
                return new PersonOutcome.Result(request.context(), result.personId(), result.verdict(),
                        result.krr(), result.evidence());
            }
            PersonOutcome.Error error = (PersonOutcome.Error) shared;
            return new PersonOutcome.Error(request.context(), error.personId(), error.code(), error.message(),
                    error.payload(), error.payloadLength());
        }
    }

    /** The distinct ids of one lookup, and which caller asked which of them. */
    record Batch(Optional<String> org, LinkedHashSet<String> ids, Map<Caller, List<String>> parts) {
        /** Replaced by each caller's own context in its outcomes. */
        static final RequestContext SHARED = new RequestContext("api-coalesced", null, new OutcomeSource.Api());

        Batch(Optional<String> org) {
            this(org, new LinkedHashSet<>(), new IdentityHashMap<>());
        }

        LookupWork work() {
            return new LookupWork(ids.stream().map(id -> new LookupItem(id, SHARED, org.orElse(null)))
                    .toList(), List.of());
        }

        /** Its callers' spans: the pass is many callers' lookup, so its span links to theirs. */
        List<SpanContext> spans() {
            return parts.keySet().stream().map(caller -> caller.span).toList();
        }
    }
}
