// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import no.krrgateway.lookup.LookupItem;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;

/**
 * Gathers concurrent API requests into shared lookups: a batch opens with its first request and goes to the lookup
 * when its window ends or it holds {@code maxBatchIds} distinct ids, whichever comes first (so a request of that many
 * ids goes at once). An id asked by several waiting callers is looked up once; each caller gets exactly its own ids'
 * outcomes, in its order, under its own request and correlation ids. Each customer (consumer_org) has its own batch,
 * since its ids go with its own token.
 *
 * <p>Hand-written rather than Camel's aggregate EIP: the aggregator completes on exchange counts or a predicate, but it
 * ends the callers' exchanges and continues with one new one, while here every caller waits for a reply cut from the
 * shared answer (request-reply through an aggregate); doing that with the EIP would still need this class's per-caller
 * futures and id bookkeeping, plus correlation headers, so the EIP would add a hop without removing code.
 */
public final class LookupCoalescer {

    /** The context of the ids in a shared lookup; replaced by each caller's own in its outcomes. */
    static final RequestContext SHARED = new RequestContext("api-coalesced", null, new OutcomeSource.Api());

    /** Hears each batch as it goes to the lookup, for metrics. */
    public interface BatchListener {
        void batch(int distinctIds, int requests);
    }

    /** More ids wait than {@code maxWaitingIds}: nothing of this request was taken. */
    public static final class Overloaded extends RuntimeException {
        Overloaded(String message) {
            super(message, null, false, false);
        }
    }

    /** One caller's request: its ids in its order, its context, the org to look up for (null = the default). */
    public record Request(List<String> personIds, RequestContext context, String consumerOrg) {
    }

    private final Function<LookupWork, List<PersonOutcome>> lookup;
    private final Duration window;
    private final int maxBatchIds;
    private final int maxWaitingIds;
    private final ScheduledExecutorService timer;
    private final Executor lookups;
    private final BatchListener listener;
    private final Map<Optional<String>, Batch> open = new HashMap<>();
    private int waitingIds;

    public LookupCoalescer(Function<LookupWork, List<PersonOutcome>> lookup, Duration window, int maxBatchIds,
                           int maxWaitingIds, ScheduledExecutorService timer, Executor lookups,
                           BatchListener listener) {
        this.lookup = lookup;
        this.window = window;
        this.maxBatchIds = maxBatchIds;
        this.maxWaitingIds = maxWaitingIds;
        this.timer = timer;
        this.lookups = lookups;
        this.listener = listener;
    }

    /**
     * Takes a request into the open batch of its org (or a new one) and answers when that batch is looked up.
     *
     * @throws Overloaded when taking it would put more than {@code maxWaitingIds} ids in waiting
     */
    public CompletableFuture<List<PersonOutcome>> submit(Request request) {
        CompletableFuture<List<PersonOutcome>> answer = new CompletableFuture<>();
        List<Batch> ready = new ArrayList<>(2);
        synchronized (this) {
            int size = request.personIds().size();
            if (waitingIds + size > maxWaitingIds) {
                throw new Overloaded(waitingIds + " ids are waiting already (gateway.api.max-waiting-ids is "
                        + maxWaitingIds + ")");
            }
            waitingIds += size;
            Optional<String> org = Optional.ofNullable(request.consumerOrg());
            Batch batch = open.get(org);
            if (batch != null && batch.distinctAfter(request) > maxBatchIds) {
                // It does not fit: the open batch goes now, this request opens the next.
                close(batch);
                ready.add(batch);
                batch = null;
            }
            if (batch == null) {
                Batch fresh = new Batch(org);
                open.put(org, fresh);
                fresh.windowEnd = timer.schedule(() -> windowEnded(fresh), window.toNanos(), TimeUnit.NANOSECONDS);
                batch = fresh;
            }
            batch.add(request, answer);
            if (batch.ids.size() >= maxBatchIds) {
                close(batch);
                ready.add(batch);
            }
        }
        ready.forEach(this::dispatch);
        return answer;
    }

    /** Ids taken and not yet answered, over all requests; for the gauge. */
    public synchronized int waitingIds() {
        return waitingIds;
    }

    private void windowEnded(Batch batch) {
        synchronized (this) {
            if (open.get(batch.org) != batch) {
                return;
            }
            open.remove(batch.org);
        }
        dispatch(batch);
    }

    private void close(Batch batch) {
        open.remove(batch.org, batch);
        if (batch.windowEnd != null) {
            batch.windowEnd.cancel(false);
        }
    }

    private void dispatch(Batch batch) {
        try {
            lookups.execute(() -> run(batch));
        } catch (RuntimeException rejected) {
            fail(batch, rejected);
        }
    }

    private void run(Batch batch) {
        try {
            listener.batch(batch.ids.size(), batch.callers.size());
            String org = batch.org.orElse(null);
            List<LookupItem> items = new ArrayList<>(batch.ids.size());
            for (String id : batch.ids) {
                items.add(new LookupItem(id, SHARED, org));
            }
            List<PersonOutcome> outcomes = lookup.apply(new LookupWork(items, List.of()));
            Map<String, PersonOutcome> byId = new HashMap<>(outcomes.size() * 2);
            for (PersonOutcome outcome : outcomes) {
                byId.put(outcome.personId(), outcome);
            }
            for (Caller caller : batch.callers) {
                List<PersonOutcome> own = new ArrayList<>(caller.request.personIds().size());
                for (String id : caller.request.personIds()) {
                    own.add(withContext(byId.get(id), caller.request.context()));
                }
                caller.answer.complete(own);
            }
        } catch (RuntimeException e) {
            fail(batch, e);
        } finally {
            synchronized (this) {
                waitingIds -= batch.requestedIds;
            }
        }
    }

    private static void fail(Batch batch, RuntimeException e) {
        batch.callers.forEach(caller -> caller.answer.completeExceptionally(e));
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

    private record Caller(Request request, CompletableFuture<List<PersonOutcome>> answer) {
    }

    /** The requests of one org gathered so far, and their distinct ids in first-asked order. */
    private static final class Batch {
        final Optional<String> org;
        final LinkedHashSet<String> ids = new LinkedHashSet<>();
        final List<Caller> callers = new ArrayList<>();
        int requestedIds;
        ScheduledFuture<?> windowEnd;

        Batch(Optional<String> org) {
            this.org = org;
        }

        int distinctAfter(Request request) {
            int added = 0;
            for (String id : request.personIds()) {
                if (!ids.contains(id)) {
                    added++;
                }
            }
            return ids.size() + added;
        }

        void add(Request request, CompletableFuture<List<PersonOutcome>> answer) {
            ids.addAll(request.personIds());
            callers.add(new Caller(request, answer));
            requestedIds += request.personIds().size();
        }
    }
}
