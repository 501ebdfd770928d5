// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import no.krrgateway.GatewayException;
import no.krrgateway.outcome.ErrorCode;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.springframework.stereotype.Component;

/**
 * Whether lookups can be answered now: UP; DEGRADED while KRR or Maskinporten is down or slow; DOWN on a configuration
 * fault (a 401/403 a fresh token did not cure, a grant Maskinporten rejects, a 4xx not about the ids: 404, 405, 413,
 * ...) or while KRR's signed answers fail verification (KRR_SIGNATURE_INVALID). Every failure is told to the
 * listeners, which hold intake back; the first success after it clears the state.
 */
@Component
public class LookupAvailability {

    public enum State { UP, DEGRADED, DOWN }

    public record Snapshot(State state, ErrorCode code, String reason, Instant since) {
    }

    /** Hears every failed lookup batch, so that intake can pause, and the first success after failures. */
    public interface Listener {
        void lookupsFailing(Snapshot snapshot);

        void lookupsRecovered();
    }

    private final Clock clock;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot current;

    public LookupAvailability(Clock clock) {
        this.clock = clock;
        this.current = new Snapshot(State.UP, null, null, clock.instant());
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void failed(GatewayException failure) {
        State state = failure.code() == ErrorCode.KRR_ACCESS_DENIED || failure.code() == ErrorCode.TOKEN_REJECTED
                || failure.code() == ErrorCode.KRR_MISCONFIGURED || failure.code() == ErrorCode.KRR_SIGNATURE_INVALID
                ? State.DOWN : State.DEGRADED;
        Snapshot previous = current;
        Instant since = previous.state() == state && previous.code() == failure.code()
                ? previous.since() : clock.instant();
        current = new Snapshot(state, failure.code(), failure.getMessage(), since);
        listeners.forEach(listener -> listener.lookupsFailing(current));
    }

    /**
     * Unwraps the call's exception from Camel's, so the channel sees it as thrown; a GatewayException is reported
     * first, which holds intake back, and a fault of the gateway's own is not.
     */
    public void lookupFailed(Throwable caught) {
        GatewayException failure = ExceptionUtils.throwableOfType(caught, GatewayException.class);
        if (failure != null) {
            failed(failure);
            throw failure;
        }
        RuntimeException fault = ExceptionUtils.throwableOfType(caught, RuntimeException.class);
        throw fault != null ? fault : new IllegalStateException("a lookup failed", caught);
    }

    public void succeeded() {
        if (current.state() != State.UP) {
            current = new Snapshot(State.UP, null, null, clock.instant());
            listeners.forEach(Listener::lookupsRecovered);
        }
    }

    public Snapshot current() {
        return current;
    }
}
