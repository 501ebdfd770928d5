// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import io.opentelemetry.api.trace.SpanContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import no.krrgateway.api.OrgQueue.Batch;
import no.krrgateway.api.OrgQueue.Caller;
import no.krrgateway.outcome.RequestContext;

/**
 * Gathers concurrent API requests into shared lookups (group commit): a batch goes when full, or when a call slot is
 * free and its window has passed; while all slots are busy it keeps gathering. Ids are taken round-robin between
 * clients, and each customer (consumer_org) has its own batches since its ids go with its own token.
 *
 * <p>Not Camel's aggregate EIP: that ends the callers' exchanges, while here each caller waits for its share of the
 * shared answer, and completion depends on free slots and clients' turns.
 */
public final class LookupCoalescer {

    /** Replaced by each caller's own context in its outcomes. */
    static final RequestContext SHARED = new RequestContext("api-coalesced", null, new OutcomeSource.Api());

    public interface BatchListener {
        void batch(int distinctIds, int requests);
    }

    /** Hears each request once its last batch is back, even if its caller gave up: the outcomes looked up. */
    public interface RequestListener {
        void lookedUp(Request request, List<PersonOutcome> outcomes, boolean gaveUp);
    }

    /** Nothing of the request was taken. */
    public static final class Overloaded extends RuntimeException {
        Overloaded(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code consumerOrg} null = the default org. */
    public record Request(List<String> personIds, RequestContext context, String consumerOrg, String clientId) {
    }

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

    /** Cancelling the answer withdraws the ids not yet sent. */
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

    public synchronized int waitingIds() {
        return waitingIds;
    }

    /** While a slot is free: the org served longest ago that is full or past its window; else a wake-up. */
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
            batchListener.batch(batch.ids().size(), batch.parts().size());
            String org = batch.org().orElse(null);
            List<LookupItem> items = new ArrayList<>(batch.ids().size());
            for (String id : batch.ids()) {
                items.add(new LookupItem(id, SHARED, org));
            }
            // traced: the pass is many callers' lookup, so its span links to theirs rather than being one's child
            List<SpanContext> callers = batch.parts().keySet().stream().map(caller -> caller.span)
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

    private void done(Batch batch, Map<String, PersonOutcome> byId, RuntimeException failure) {
        List<Caller> finished = new ArrayList<>();
        List<Batch> ready;
        synchronized (this) {
            inFlight--;
            for (Map.Entry<Caller, List<String>> part : batch.parts().entrySet()) {
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

    /** Ids in flight are still reported when back. */
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

    /** Outside the lock. */
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
}
