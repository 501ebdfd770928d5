// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import no.krrgateway.lookup.LookupItem;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;

/**
 * Gathers concurrent API requests into shared lookups, as a database gathers commits (group commit): a batch goes
 * when it is full ({@code maxBatchIds} distinct ids), or when one of the {@code maxInFlight} call slots is free and
 * its window has passed since its oldest id came. While every slot is busy it keeps gathering, so the calls are as
 * full as the load allows; under light load a request waits one window and one call, as before.
 *
 * <p>Fair between clients: a batch takes ids round-robin from the clients waiting (one id each in turn, each client's
 * requests first come first served), so one client's flood delays another's single id by a call or so, and each
 * client may have at most {@code maxWaitingIdsPerClient} ids waiting. An id asked by several callers in one batch is
 * looked up once; a request may be split over several batches; each caller gets exactly its own ids' outcomes, in
 * its order, under its own request and correlation ids. Each customer (consumer_org) has its own batches, since its
 * ids go with its own token, and customers take turns for the slots.
 *
 * <p>A caller that gives up (cancels its answer) has its ids not yet sent withdrawn. Each request's ids that were
 * looked up are reported to the {@link RequestListener} (the audit trail) once its last batch is back, whether or
 * not its caller still waits.
 *
 * <p>Hand-written rather than Camel's aggregate EIP: the aggregator completes on exchange counts or a predicate, but it
 * ends the callers' exchanges and continues with one new one, while here every caller waits for a reply cut from the
 * shared answer, and a batch's completion depends on free call slots and on the clients' turns; doing that with the
 * EIP would still need this class's per-caller futures and id bookkeeping.
 */
public final class LookupCoalescer {

    /** The context of the ids in a shared lookup; replaced by each caller's own in its outcomes. */
    static final RequestContext SHARED = new RequestContext("api-coalesced", null, new OutcomeSource.Api());

    /** Hears each batch as it goes to the lookup, for metrics. */
    public interface BatchListener {
        void batch(int distinctIds, int requests);
    }

    /** Hears each request whose ids are all looked up or withdrawn: the outcomes of those looked up. */
    public interface RequestListener {
        /**
         * @param outcomes the looked-up ids' outcomes in the request's order, under its context; not empty
         * @param gaveUp   whether the caller stopped waiting (its other ids were withdrawn unsent)
         */
        void lookedUp(Request request, List<PersonOutcome> outcomes, boolean gaveUp);
    }

    /** More ids wait than allowed, over all clients or for this one: nothing of this request was taken. */
    public static final class Overloaded extends RuntimeException {
        Overloaded(String message) {
            super(message, null, false, false);
        }
    }

    /** A request: its ids (repeats allowed), its context, the org to look up for (null = the default), its client. */
    public record Request(List<String> personIds, RequestContext context, String consumerOrg, String clientId) {
    }

    /**
     * @param window                 least wait of a batch that is not full, for others to join it
     * @param maxBatchIds            distinct ids of one lookup (a KRR call)
     * @param maxInFlight            lookups at once (the KRR call slots)
     * @param maxWaitingIds          ids taken and not yet answered, over all clients
     * @param maxWaitingIdsPerClient the same for one client
     */
    public record Limits(Duration window, int maxBatchIds, int maxInFlight, int maxWaitingIds,
                         int maxWaitingIdsPerClient) {
    }

    private final BiFunction<LookupWork, List<SpanContext>, List<PersonOutcome>> lookup;
    private final Limits limits;
    private final ScheduledExecutorService timer;
    private final Executor lookups;
    private final BatchListener batchListener;
    private final RequestListener requestListener;
    private final LongSupplier nanoTime;
    /** The orgs with ids waiting, the one served longest ago first. */
    private final LinkedHashMap<Optional<String>, OrgQueue> orgs = new LinkedHashMap<>();
    private final Map<String, Integer> waitingByClient = new HashMap<>();
    private int waitingIds;
    private int inFlight;
    private ScheduledFuture<?> wakeUp;
    private long wakeUpAt;

    public LookupCoalescer(BiFunction<LookupWork, List<SpanContext>, List<PersonOutcome>> lookup, Limits limits,
                           ScheduledExecutorService timer, Executor lookups, BatchListener batchListener,
                           RequestListener requestListener) {
        this(lookup, limits, timer, lookups, batchListener, requestListener, System::nanoTime);
    }

    LookupCoalescer(BiFunction<LookupWork, List<SpanContext>, List<PersonOutcome>> lookup, Limits limits, ScheduledExecutorService timer,
                    Executor lookups, BatchListener batchListener, RequestListener requestListener,
                    LongSupplier nanoTime) {
        this.lookup = lookup;
        this.limits = limits;
        this.timer = timer;
        this.lookups = lookups;
        this.batchListener = batchListener;
        this.requestListener = requestListener;
        this.nanoTime = nanoTime;
    }

    /**
     * Takes a request's ids into waiting and answers when all of them are looked up. Cancelling the answer withdraws
     * the ids not yet sent.
     *
     * @throws Overloaded when taking it would put more than {@code maxWaitingIds} ids in waiting, or more than
     *                    {@code maxWaitingIdsPerClient} of its client's
     */
    public CompletableFuture<List<PersonOutcome>> submit(Request request) {
        Caller caller = new Caller(request, nanoTime.getAsLong());
        List<Batch> ready;
        synchronized (this) {
            int size = request.personIds().size();
            if (waitingIds + size > limits.maxWaitingIds()) {
                throw new Overloaded("too many ids are waiting (gateway.api.max-waiting-ids)");
            }
            int client = waitingByClient.getOrDefault(request.clientId(), 0);
            if (client + size > limits.maxWaitingIdsPerClient()) {
                throw new Overloaded("too many of this client's ids are waiting "
                        + "(gateway.api.max-waiting-ids-per-client)");
            }
            waitingIds += size;
            waitingByClient.put(request.clientId(), client + size);
            orgs.computeIfAbsent(Optional.ofNullable(request.consumerOrg()), OrgQueue::new).add(caller);
            ready = readyBatches();
        }
        // Registered after it is queued: a caller cancelling at once still finds its ids to withdraw.
        caller.answer.whenComplete((outcomes, failure) -> {
            if (caller.answer.isCancelled()) {
                withdraw(caller);
            }
        });
        ready.forEach(this::dispatch);
        return caller.answer;
    }

    /** Ids taken and not yet answered, over all requests; for the gauge. */
    public synchronized int waitingIds() {
        return waitingIds;
    }

    /**
     * The batches that may go now, each taking a call slot: while a slot is free, the org served longest ago whose
     * waiting ids fill a batch, or whose oldest waiting id has waited its window. When a slot is free but no window
     * has passed yet, a wake-up at the earliest window's end.
     */
    private List<Batch> readyBatches() {
        List<Batch> ready = new ArrayList<>(2);
        long now = nanoTime.getAsLong();
        long window = limits.window().toNanos();
        while (inFlight < limits.maxInFlight()) {
            OrgQueue due = null;
            for (OrgQueue org : orgs.values()) {
                if (org.pendingIds >= limits.maxBatchIds() || now - org.oldestArrival() >= window) {
                    due = org;
                    break;
                }
            }
            if (due == null) {
                break;
            }
            ready.add(due.take(limits.maxBatchIds()));
            inFlight++;
            orgs.remove(due.org);
            if (due.pendingIds > 0) {
                orgs.put(due.org, due); // served: to the back of the line
            }
        }
        if (inFlight < limits.maxInFlight() && !orgs.isEmpty()) {
            long earliest = Long.MAX_VALUE;
            for (OrgQueue org : orgs.values()) {
                earliest = Math.min(earliest, org.oldestArrival() + window);
            }
            wakeUpAt(earliest, now);
        }
        return ready;
    }

    private void wakeUpAt(long at, long now) {
        if (wakeUp != null && !wakeUp.isDone() && wakeUpAt <= at) {
            return;
        }
        if (wakeUp != null) {
            wakeUp.cancel(false);
        }
        wakeUpAt = at;
        wakeUp = timer.schedule(this::wokenUp, Math.max(0, at - now), TimeUnit.NANOSECONDS);
    }

    private void wokenUp() {
        List<Batch> ready;
        synchronized (this) {
            wakeUp = null;
            ready = readyBatches();
        }
        ready.forEach(this::dispatch);
    }

    private void dispatch(Batch batch) {
        try {
            lookups.execute(() -> run(batch));
        } catch (RuntimeException rejected) {
            done(batch, Map.of(), rejected);
        }
    }

    private void run(Batch batch) {
        Map<String, PersonOutcome> byId = Map.of();
        RuntimeException failure = null;
        try {
            batchListener.batch(batch.ids.size(), batch.parts.size());
            String org = batch.org.orElse(null);
            List<LookupItem> items = new ArrayList<>(batch.ids.size());
            for (String id : batch.ids) {
                items.add(new LookupItem(id, SHARED, org));
            }
            // traced: the pass is many callers' lookup, so its span links to theirs rather than being one's child
            List<SpanContext> callers = batch.parts.keySet().stream().map(caller -> caller.span)
                    .filter(SpanContext::isValid).toList();
            List<PersonOutcome> outcomes = lookup.apply(new LookupWork(items, List.of()), callers);
            byId = new HashMap<>(outcomes.size() * 2);
            for (PersonOutcome outcome : outcomes) {
                byId.put(outcome.personId(), outcome);
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        done(batch, byId, failure);
    }

    /** A batch is back (answered, or failed): its callers' shares, its slot freed, what may go next. */
    private void done(Batch batch, Map<String, PersonOutcome> byId, RuntimeException failure) {
        List<Caller> finished = new ArrayList<>();
        List<Batch> ready;
        synchronized (this) {
            inFlight--;
            for (Map.Entry<Caller, List<String>> part : batch.parts.entrySet()) {
                Caller caller = part.getKey();
                caller.inFlightIds -= part.getValue().size();
                if (failure == null) {
                    part.getValue().forEach(id -> caller.answered.put(id, byId.get(id)));
                } else if (!caller.failed) {
                    caller.failed = true;
                    removeWaiting(caller);
                    caller.answer.completeExceptionally(failure);
                }
                if (caller.isFinished()) {
                    finished.add(caller);
                }
            }
            finished.forEach(this::release);
            ready = readyBatches();
        }
        finished.forEach(this::finish);
        ready.forEach(this::dispatch);
    }

    /** The caller gave up: its ids not yet sent leave; those in flight are still reported when back. */
    private void withdraw(Caller caller) {
        boolean finished;
        synchronized (this) {
            if (caller.released) {
                return;
            }
            caller.gaveUp = true;
            removeWaiting(caller);
            finished = caller.isFinished();
            if (finished) {
                release(caller);
            }
        }
        if (finished) {
            finish(caller);
        }
    }

    /** Takes the caller's ids not yet sent out of its org's queue. */
    private void removeWaiting(Caller caller) {
        OrgQueue org = orgs.get(Optional.ofNullable(caller.request.consumerOrg()));
        if (org != null && caller.next < caller.distinct.size()) {
            org.remove(caller);
            if (org.pendingIds == 0) {
                orgs.remove(org.org);
            }
        }
    }

    private void release(Caller caller) {
        caller.released = true;
        int size = caller.request.personIds().size();
        waitingIds -= size;
        waitingByClient.computeIfPresent(caller.request.clientId(), (client, n) -> n == size ? null : n - size);
    }

    /** Outside the lock: the audit of what was looked up, then the caller's answer. */
    private void finish(Caller caller) {
        List<PersonOutcome> own = new ArrayList<>(caller.request.personIds().size());
        for (String id : caller.request.personIds()) {
            PersonOutcome outcome = caller.answered.get(id);
            if (outcome != null) {
                own.add(withContext(outcome, caller.request.context()));
            }
        }
        if (!own.isEmpty()) {
            requestListener.lookedUp(caller.request, own, caller.gaveUp);
        }
        if (!caller.failed && !caller.gaveUp) {
            caller.answer.complete(own);
        }
    }

    static PersonOutcome withContext(PersonOutcome shared, RequestContext context) {
        if (shared instanceof PersonOutcome.Result result) {
            return new PersonOutcome.Result(context, result.personId(), result.verdict(), result.krr(),
                    result.evidence());
        }
        PersonOutcome.Error error = (PersonOutcome.Error) shared;
        return new PersonOutcome.Error(context, error.personId(), error.code(), error.message(), error.payload(),
                error.payloadLength());
    }

    /** One request in waiting: its distinct ids, how many are sent, and the outcomes back so far. */
    private static final class Caller {
        final Request request;
        final CompletableFuture<List<PersonOutcome>> answer = new CompletableFuture<>();
        final List<String> distinct;
        final long arrived;
        /** The caller's span, where tracing is on (else invalid). */
        final SpanContext span = Span.current().getSpanContext();
        final Map<String, PersonOutcome> answered = new HashMap<>();
        /** The next of {@link #distinct} to send. */
        int next;
        int inFlightIds;
        boolean failed;
        boolean gaveUp;
        boolean released;

        Caller(Request request, long arrived) {
            this.request = request;
            this.distinct = List.copyOf(new LinkedHashSet<>(request.personIds()));
            this.arrived = arrived;
        }

        boolean isFinished() {
            return inFlightIds == 0 && (failed || gaveUp || next == distinct.size());
        }
    }

    /** One client's requests of one org, first come first served. */
    private static final class ClientQueue {
        final ArrayDeque<Caller> callers = new ArrayDeque<>();
    }

    /** One org's waiting ids, by client; the clients in turn. */
    private static final class OrgQueue {
        final Optional<String> org;
        final Map<String, ClientQueue> byClient = new HashMap<>();
        /** Clients with ids waiting, the next to give an id first. */
        final ArrayDeque<ClientQueue> turns = new ArrayDeque<>();
        int pendingIds;

        OrgQueue(Optional<String> org) {
            this.org = org;
        }

        void add(Caller caller) {
            ClientQueue client = byClient.get(caller.request.clientId());
            if (client == null) {
                client = new ClientQueue();
                byClient.put(caller.request.clientId(), client);
                turns.addLast(client);
            }
            client.callers.addLast(caller);
            pendingIds += caller.distinct.size();
        }

        void remove(Caller caller) {
            ClientQueue client = byClient.get(caller.request.clientId());
            pendingIds -= caller.distinct.size() - caller.next;
            caller.next = caller.distinct.size();
            client.callers.remove(caller);
            if (client.callers.isEmpty()) {
                byClient.remove(caller.request.clientId());
                turns.remove(client);
            }
        }

        /** When the oldest request still waiting came: the window of the batch being gathered starts there. */
        long oldestArrival() {
            long oldest = Long.MAX_VALUE;
            for (ClientQueue client : turns) {
                oldest = Math.min(oldest, client.callers.peekFirst().arrived);
            }
            return oldest;
        }

        /** Up to {@code max} distinct ids, one from each client in turn. */
        Batch take(int max) {
            Batch batch = new Batch(org);
            while (batch.ids.size() < max && !turns.isEmpty()) {
                ClientQueue client = turns.pollFirst();
                Caller caller = client.callers.peekFirst();
                String id = caller.distinct.get(caller.next++);
                pendingIds--;
                caller.inFlightIds++;
                batch.ids.add(id);
                batch.parts.computeIfAbsent(caller, c -> new ArrayList<>()).add(id);
                if (caller.next == caller.distinct.size()) {
                    client.callers.pollFirst();
                }
                if (client.callers.isEmpty()) {
                    byClient.values().remove(client);
                } else {
                    turns.addLast(client);
                }
            }
            return batch;
        }
    }

    /** The distinct ids of one lookup, and which caller asked which of them. */
    private static final class Batch {
        final Optional<String> org;
        final LinkedHashSet<String> ids = new LinkedHashSet<>();
        final Map<Caller, List<String>> parts = new IdentityHashMap<>();

        Batch(Optional<String> org) {
            this.org = org;
        }
    }
}
