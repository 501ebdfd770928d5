// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import io.opentelemetry.api.trace.SpanContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import no.krrgateway.api.LookupCoalescer.Limits;
import no.krrgateway.api.LookupCoalescer.Overloaded;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.lookup.LookupWork.LookupItem;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.RequestContext;

/** What the coalescer took and has not answered, and its call slots, under its lock; orgs and clients take turns. */
final class WaitingRoom {

    final Limits limits;
    private final Function<String, CompletableFuture<?>> tokens;
    private final Runnable dispatch;
    /** By org, its token's fetch (one at a time): its batches wait, holding no call slot; then one goes anyway. */
    private final Map<String, CompletableFuture<?>> fetches = new HashMap<>();
    /** By org (null: the own); in each, by client, the next to give an id first. */
    private final Map<String, LinkedHashMap<String, ArrayDeque<Caller>>> orgs = new LinkedHashMap<>();
    /** By org (the configured ones), the batch it was last served in: the one served longest ago (or never) first. */
    private final Map<String, Long> served = new HashMap<>();
    private long batches;
    private final Map<String, Integer> byClient = new HashMap<>();
    /** Of requests taken and not yet released, whether sent or not. */
    int ids;
    /** Batches out, at most one per call slot. */
    int inFlight;

    WaitingRoom(Limits limits, Function<String, CompletableFuture<?>> tokens, Runnable dispatch) {
        this.limits = limits;
        this.tokens = tokens;
        this.dispatch = dispatch;
    }

    /** All of the caller's ids, or nothing. */
    void admit(Caller caller) {
        int size = caller.request.personIds().size();
        if (ids + size > limits.maxWaitingIds()) {
            throw new Overloaded("too many ids are waiting (gateway.api.max-waiting-ids)");
        }
        int client = byClient.getOrDefault(caller.request.clientId(), 0);
        if (client + size > limits.maxWaitingIdsPerClient()) {
            throw new Overloaded("too many of this client's ids are waiting (gateway.api.max-waiting-ids-per-client)");
        }
        ids += size;
        byClient.put(caller.request.clientId(), client + size);
        orgs.computeIfAbsent(caller.request.consumerOrg(), org -> new LinkedHashMap<>())
                .computeIfAbsent(caller.request.clientId(), id -> new ArrayDeque<>()).addLast(caller);
    }

    /** While a call slot is free: a batch of the org served longest ago with a batch's ids or a window-old request. */
    List<Batch> takeReady(long now) {
        fetches.entrySet().removeIf(fetch -> fetch.getValue().isDone() && !orgs.containsKey(fetch.getKey()));
        orgs.keySet().stream().filter(org -> !fetches.containsKey(org)).forEach(org -> {
            CompletableFuture<?> fetch = tokens.apply(org);
            if (fetch != null) {
                fetches.put(org, fetch);
                fetch.whenComplete((token, failure) -> dispatch.run());
            }
        });
        List<Batch> ready = new ArrayList<>(2);
        while (inFlight < limits.maxInFlight()) {
            var due = orgs.entrySet().stream().filter(org -> isDue(org.getValue(), now)
                            && (!fetches.containsKey(org.getKey()) || fetches.get(org.getKey()).isDone()))
                    .min(Comparator.comparingLong(org -> served.getOrDefault(org.getKey(), -1L)));
            if (due.isEmpty()) {
                break;
            }
            String org = due.get().getKey();
            fetches.remove(org);
            ready.add(take(org, due.get().getValue()));
            served.put(org, ++batches);
            inFlight++;
            if (due.get().getValue().isEmpty()) {
                orgs.remove(org);
            }
        }
        return ready;
    }

    private boolean isDue(Map<String, ArrayDeque<Caller>> clients, long now) {
        return clients.values().stream().flatMap(ArrayDeque::stream).mapToInt(Caller::unsent).sum()
                >= limits.maxBatchIds() || clients.values().stream()
                .anyMatch(client -> now - client.peekFirst().arrived >= limits.window().toNanos());
    }

    /** Up to a batch of distinct ids, one from each client in turn. */
    private Batch take(String org, LinkedHashMap<String, ArrayDeque<Caller>> clients) {
        Batch batch = new Batch(org, new LinkedHashSet<>(), new IdentityHashMap<>());
        while (batch.ids.size() < limits.maxBatchIds() && !clients.isEmpty()) {
            String clientId = clients.keySet().iterator().next();
            ArrayDeque<Caller> client = clients.remove(clientId);
            Caller caller = client.peekFirst();
            String id = caller.distinct.get(caller.next++);
            caller.inFlightIds++;
            batch.ids.add(id);
            batch.parts.computeIfAbsent(caller, c -> new ArrayList<>()).add(id);
            if (caller.unsent() == 0) {
                client.pollFirst();
            }
            if (!client.isEmpty()) {
                clients.put(clientId, client); // to the back of the line
            }
        }
        return batch;
    }

    /** Its ids not yet sent. */
    void remove(Caller caller) {
        orgs.computeIfPresent(caller.request.consumerOrg(), (org, clients) -> {
            clients.computeIfPresent(caller.request.clientId(),
                    (id, client) -> client.remove(caller) && client.isEmpty() ? null : client);
            return clients.isEmpty() ? null : clients;
        });
    }

    /** Its ids no longer count as waiting. */
    void release(Caller caller) {
        caller.released = true;
        int size = caller.request.personIds().size();
        ids -= size;
        byClient.computeIfPresent(caller.request.clientId(), (client, n) -> n == size ? null : n - size);
    }

    record Batch(String org, LinkedHashSet<String> ids, Map<Caller, List<String>> parts) {
        /** Replaced by each caller's own context in its outcomes. */
        static final RequestContext SHARED = new RequestContext("api-coalesced", null, new OutcomeSource.Api());

        LookupWork work() {
            return new LookupWork(ids.stream().map(id -> new LookupItem(id, SHARED, org)).toList(), List.of());
        }

        List<SpanContext> spans() {
            return parts.keySet().stream().map(caller -> caller.span).toList();
        }
    }
}
