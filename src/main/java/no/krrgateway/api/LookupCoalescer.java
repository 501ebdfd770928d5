// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import io.opentelemetry.api.trace.SpanContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import no.krrgateway.api.WaitingRoom.Batch;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;

/**
 * Gathers concurrent API requests into shared lookups, each customer's in its own (its own token). Not Camel's
 * aggregate EIP: that ends the callers' exchanges, while each caller here waits for its share of the answer.
 */
public final class LookupCoalescer {

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
    private final ScheduledExecutorService timer;
    private final Executor lookups;
    private final RequestListener requestListener;
    private final WaitingRoom room;

    /** {@code tokens}: null if the org's token is at hand (or its lookup needs none), else its fetch, started. */
    public LookupCoalescer(BiFunction<LookupWork, List<SpanContext>, List<PersonOutcome>> lookup, Limits limits,
                           ScheduledExecutorService timer, Executor lookups,
                           Function<String, CompletableFuture<?>> tokens, RequestListener requestListener) {
        this.lookup = lookup;
        this.timer = timer;
        this.lookups = lookups;
        this.requestListener = requestListener;
        // on the timer: a fetch may end at once, and this lock's holder may be iterating the room
        this.room = new WaitingRoom(limits, tokens, () -> timer.execute(this::dispatchReady));
    }

    /** Cancelling the answer withdraws the ids not yet sent. */
    public CompletableFuture<List<PersonOutcome>> submit(Request request) {
        Caller caller = new Caller(request);
        synchronized (this) {
            room.admit(caller);
        }
        // Registered after it is queued: a caller cancelling at once still finds its ids to withdraw.
        caller.answer.whenComplete((outcomes, failure) -> withdraw(caller));
        // at the end of its window (if every call slot is busy then, the next to free up takes it)
        timer.schedule(this::dispatchReady, room.limits.window().toNanos(), TimeUnit.NANOSECONDS);
        dispatchReady();
        return caller.answer;
    }

    public synchronized int waitingIds() {
        return room.ids;
    }

    private void dispatchReady() {
        List<Batch> ready;
        synchronized (this) {
            ready = room.takeReady(System.nanoTime());
        }
        for (Batch batch : ready) {
            try {
                lookups.execute(() -> run(batch));
            } catch (RuntimeException rejected) {
                done(batch, Map.of(), rejected);
            }
        }
    }

    private void run(Batch batch) {
        Map<String, PersonOutcome> byId = Map.of();
        RuntimeException failure = null;
        try {
            byId = lookup.apply(batch.work(), batch.spans()).stream()
                    .collect(Collectors.toMap(PersonOutcome::personId, outcome -> outcome, (first, last) -> last));
        } catch (RuntimeException e) {
            failure = e;
        }
        done(batch, byId, failure);
    }

    private void done(Batch batch, Map<String, PersonOutcome> byId, RuntimeException failure) {
        List<Caller> finished = new ArrayList<>();
        synchronized (this) {
            room.inFlight--;
            batch.parts().forEach((caller, ids) -> {
                caller.inFlightIds -= ids.size();
                if (failure == null) {
                    ids.forEach(id -> caller.answered.put(id, byId.get(id)));
                } else if (!caller.failed) {
                    caller.failed = true;
                    room.remove(caller);
                    caller.answer.completeExceptionally(failure);
                }
                if (caller.isFinished()) {
                    finished.add(caller);
                }
            });
            finished.forEach(room::release);
        }
        finished.forEach(caller -> caller.finish(requestListener));
        dispatchReady();
    }

    /** A cancelled caller's ids not yet sent; those in flight are still reported when back. */
    private void withdraw(Caller caller) {
        synchronized (this) {
            if (!caller.answer.isCancelled() || caller.released) {
                return;
            }
            caller.gaveUp = true;
            room.remove(caller);
            if (!caller.isFinished()) {
                return;
            }
            room.release(caller);
        }
        caller.finish(requestListener);
    }
}
