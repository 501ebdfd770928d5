// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import no.krrgateway.GatewayException;
import no.krrgateway.lookup.LookupAvailability;
import no.krrgateway.maskinporten.TokenCache;
import no.krrgateway.outcome.ErrorCode;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds intake back while lookups fail: stops the intake routes (the Kafka consumers leave the group with nothing
 * committed, so another instance may take the partitions; no new files are taken), waits with growing delays, and
 * starts them again; the next batch is the probe. Where the token was the problem, it first checks that Maskinporten
 * issues one again. A configuration fault at KRR (KRR_MISCONFIGURED: 404, 405, 413, ...) is held back the same way,
 * with the delay growing to its maximum, until the operator fixes the setting and a batch is answered. Restarted consumers begin at the committed offsets, so the failed batches are read again.
 * (Stopping rather than suspending: camel-kafka ends a suspended consumer's fetch thread if the suspension lands while
 * it reconnects after a failed batch, and it would never resume.)
 */
public class IntakeControl implements LookupAvailability.Listener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IntakeControl.class);
    private static final List<String> INTAKE_ROUTES = List.of("intake-kafka", "intake-file");

    private final CamelContext camel;
    private final TokenCache tokens;
    private final LookupAvailability availability;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "intake-control");
        thread.setDaemon(true);
        return thread;
    });
    private boolean held;
    private int attempt;

    public IntakeControl(CamelContext camel, TokenCache tokens, LookupAvailability availability,
                         Duration initialDelay, Duration maxDelay) {
        this.camel = camel;
        this.tokens = tokens;
        this.availability = availability;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
    }

    @Override
    public synchronized void lookupsFailing(LookupAvailability.Snapshot snapshot) {
        if (held) {
            return;
        }
        held = true;
        Duration delay = delay(attempt++);
        log.warn("Lookups fail ({}: {}); holding intake back, next try in {} s", snapshot.code(), snapshot.reason(),
                delay.toSeconds());
        // The pause counts from when intake has stopped: stopping waits for the batch in flight, which may itself
        // be retrying KRR for longer than the first delays.
        scheduler.execute(() -> {
            routes(true);
            scheduler.schedule(this::probe, delay.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /** Whether intake is held back now; for health. */
    public synchronized boolean isHeld() {
        return held;
    }

    private void probe() {
        ErrorCode code = availability.current().code();
        if (code == ErrorCode.TOKEN_REJECTED || code == ErrorCode.TOKEN_UNAVAILABLE
                || code == ErrorCode.KRR_ACCESS_DENIED) {
            try {
                tokens.invalidateAll();
                tokens.token();
            } catch (GatewayException stillFailing) {
                availability.failed(stillFailing);
                Duration delay;
                synchronized (this) {
                    delay = delay(attempt++);
                }
                log.warn("Maskinporten still refuses or fails ({}); next try in {} s", stillFailing.code(),
                        delay.toSeconds());
                scheduler.schedule(this::probe, delay.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
        }
        synchronized (this) {
            held = false;
        }
        log.info("Resuming intake; the next batch tells whether KRR answers again");
        routes(false);
    }

    /** A batch succeeded after a hold: the delays start small again. */
    @Override
    public synchronized void lookupsRecovered() {
        attempt = 0;
        log.info("Lookups succeed again");
    }

    private Duration delay(int attempt) {
        Duration delay = initialDelay.multipliedBy(1L << Math.min(attempt, 10));
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    private void routes(boolean suspend) {
        for (String id : INTAKE_ROUTES) {
            Route route = camel.getRoute(id);
            if (route == null) {
                continue;
            }
            try {
                if (suspend) {
                    camel.getRouteController().stopRoute(id);
                } else {
                    camel.getRouteController().startRoute(id);
                }
            } catch (Exception e) {
                log.error("Could not {} route {}: {}", suspend ? "stop" : "start", id, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
