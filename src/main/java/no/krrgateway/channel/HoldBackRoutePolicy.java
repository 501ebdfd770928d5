// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import no.krrgateway.GatewayException;
import no.krrgateway.lookup.LookupAvailability;
import no.krrgateway.maskinporten.TokenCache;
import no.krrgateway.outcome.ErrorCode;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.util.function.ThrowingConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route policy {@code holdBack}: stops intake while lookups fail, starts it after doubling delays, the next batch the
 * probe (Maskinporten's first if the token failed). Not ThrottlingExceptionRoutePolicy: own route's failures only, a
 * fixed delay, no token probe, and its suspend ends camel-kafka's fetch thread for good if during a reconnect.
 */
public class HoldBackRoutePolicy extends RoutePolicySupport implements LookupAvailability.Listener {

    private static final Logger log = LoggerFactory.getLogger(HoldBackRoutePolicy.class);
    // An EnumSet: the code is null once a lookup succeeded before the probe, and Set.of's contains(null) throws.
    private static final Set<ErrorCode> TOKEN_FAILED = EnumSet.of(ErrorCode.TOKEN_REJECTED,
            ErrorCode.TOKEN_UNAVAILABLE, ErrorCode.KRR_ACCESS_DENIED);

    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final TokenCache tokens;
    private final LookupAvailability availability;
    private final IntervalFunction delays;
    private final ScheduledExecutorService scheduler;
    private volatile boolean held;
    private int attempt;

    public HoldBackRoutePolicy(TokenCache tokens, LookupAvailability availability, Duration initialDelay,
                               Duration maxDelay, ScheduledExecutorService scheduler) {
        this.tokens = tokens;
        this.scheduler = scheduler;
        this.availability = availability;
        this.delays = IntervalFunction.ofExponentialBackoff(initialDelay, 2, maxDelay);
    }

    @Override
    public void onInit(Route route) {
        routes.add(route);
    }

    @Override
    public void onRemove(Route route) {
        routes.remove(route);
    }

    @Override
    public synchronized void lookupsFailing(LookupAvailability.Snapshot snapshot) {
        if (held) {
            return;
        }
        held = true;
        long delay = nextDelay();
        log.warn("Lookups fail ({}: {}); holding intake back, next try in {} s", snapshot.code(), snapshot.reason(),
                delay / 1000);
        // The pause counts from when intake has stopped (the stop waits for the batch in flight, which may be retrying
        // KRR for longer than the first delays), and never on the failing route's own thread, which the stop waits for.
        scheduler.execute(() -> {
            routes.forEach(route -> change(route, "stop", this::stopRoute));
            scheduler.schedule(this::probe, delay, TimeUnit.MILLISECONDS);
        });
    }

    public boolean isHeld() {
        return held;
    }

    private void probe() {
        if (TOKEN_FAILED.contains(availability.current().code())) {
            try {
                tokens.renew(null); // a new own token: KRR may have refused the one cached
            } catch (GatewayException stillFailing) {
                availability.failed(stillFailing);
                long delay = nextDelay();
                log.warn("Maskinporten still refuses or fails ({}); next try in {} s", stillFailing.code(),
                        delay / 1000);
                scheduler.schedule(this::probe, delay, TimeUnit.MILLISECONDS);
                return;
            }
        }
        held = false;
        log.info("Resuming intake; the next batch tells whether KRR answers again");
        routes.forEach(route -> change(route, "start", this::startRoute));
    }

    /** A batch succeeded after a hold: the delays start small again. */
    @Override
    public synchronized void lookupsRecovered() {
        attempt = 0;
        log.info("Lookups succeed again");
    }

    private static void change(Route route, String action, ThrowingConsumer<Route, Exception> change) {
        try {
            change.accept(route);
        } catch (Exception e) {
            log.error("Could not {} route {}: {}", action, route.getId(), e.getMessage());
        }
    }

    /** In milliseconds. */
    private synchronized long nextDelay() {
        return delays.apply(++attempt);
    }
}
