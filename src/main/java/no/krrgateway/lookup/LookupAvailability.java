// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import no.krrgateway.GatewayException;
import no.krrgateway.outcome.ErrorCode;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;

/**
 * UP; DEGRADED while KRR or Maskinporten is down or slow; DOWN on a configuration fault (a 401/403 a fresh token did
 * not cure, a rejected grant, a 4xx not about the ids) or bad signatures. Listeners hold intake back until a success.
 */
@Component
public class LookupAvailability {

    public enum State { UP, DEGRADED, DOWN }

    public record Snapshot(State state, ErrorCode code, String reason, Instant since) {
    }

    /**
     * @param initialDelay first pause of intake while KRR or Maskinporten fails, doubled after each failed try
     * @param maxDelay     longest pause
     */
    @Validated
    @ConfigurationProperties("gateway.hold-back")
    public record HoldBackProperties(
            @DefaultValue("5s") @NotNull @DurationMin(millis = 1, message = "gateway.hold-back.initial-delay must be "
                    + "at least 1ms") Duration initialDelay,
            @DefaultValue("60s") @NotNull @DurationMin(millis = 1, message = "gateway.hold-back.max-delay must be at "
                    + "least 1ms") Duration maxDelay) {
    }

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

    /** Unwraps Camel's wrapping; a GatewayException is reported first (it holds intake back), our own fault is not. */
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
