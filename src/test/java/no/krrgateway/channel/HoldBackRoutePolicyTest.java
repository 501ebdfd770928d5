// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import no.krrgateway.krr.KrrException;
import no.krrgateway.lookup.LookupAvailability;
import no.krrgateway.maskinporten.AccessTokenProvider.AccessToken;
import no.krrgateway.maskinporten.TokenCache;
import no.krrgateway.maskinporten.MaskinportenProperties;
import no.krrgateway.maskinporten.TokenRequestException;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The routes that name the policy are stopped while lookups fail and started again after the delay. */
class HoldBackRoutePolicyTest {

    private final LookupAvailability availability = new LookupAvailability(Clock.systemUTC());
    private final AtomicBoolean maskinportenRefuses = new AtomicBoolean();
    private final AtomicInteger tokenFetches = new AtomicInteger();
    private final TokenCache tokens = new TokenCache(request -> {
        tokenFetches.incrementAndGet();
        if (maskinportenRefuses.get()) {
            throw new TokenRequestException.Rejected(400, "invalid_grant", null, "grant refused");
        }
        return new AccessToken("t", Instant.now(), Instant.now().plusSeconds(120));
    }, Clock.systemUTC(), new MaskinportenProperties(URI.create("https://maskinporten.no/"), null, "client-1", "scope",
            null, null, Duration.ofSeconds(120), "RS256", Duration.ofSeconds(20), 0.1, Duration.ofSeconds(10), 5,
            Duration.ofMillis(200), Duration.ofSeconds(10), null, null), new SimpleMeterRegistry());
    private final CamelContext camel = new DefaultCamelContext();
    private HoldBackRoutePolicy policy;

    /** Route events as they happen ("stopped held-a"), so that a short stop is seen however loaded the machine. */
    private final List<String> events = new CopyOnWriteArrayList<>();

    private void start(Duration initialDelay) throws Exception {
        policy = new HoldBackRoutePolicy(tokens, availability, initialDelay, Duration.ofSeconds(60),
                Executors.newSingleThreadScheduledExecutor());
        camel.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.RouteStoppedEvent stopped) {
                    events.add("stopped " + stopped.getRoute().getId());
                } else if (event instanceof CamelEvent.RouteStartedEvent started) {
                    events.add("started " + started.getRoute().getId());
                }
            }
        });
        availability.addListener(policy);
        camel.getRegistry().bind("holdBack", policy);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:a?period=60000").routeId("held-a").routePolicyRef("holdBack").log("a");
                from("timer:b?period=60000").routeId("held-b").routePolicyRef("holdBack").log("b");
                from("timer:c?period=60000").routeId("free").log("c");
            }
        });
        camel.start();
        events.clear();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private ServiceStatus status(String route) {
        return camel.getRouteController().getRouteStatus(route);
    }

    @Test
    void lookupsFail_namedRoutesStopUntilTheDelayHasPassed() throws Exception {
        start(Duration.ofMillis(500));
        availability.failed(new KrrException.Unavailable(503, "KRR down", null));

        assertThat(policy.isHeld()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> events.containsAll(
                List.of("stopped held-a", "stopped held-b", "started held-a", "started held-b")));
        assertThat(events.indexOf("started held-a")).isGreaterThan(events.indexOf("stopped held-a"));
        assertThat(events).as("a route without the policy").doesNotContain("stopped free");
        assertThat(status("held-a")).isEqualTo(ServiceStatus.Started);
        assertThat(policy.isHeld()).isFalse();
        assertThat(tokenFetches).as("no token probe for a KRR outage").hasValue(0);
    }

    /** An API lookup may succeed while intake is held: the probe then finds no failure code, and must still resume. */
    @Test
    void lookupsFail_thenOneSucceedsBeforeTheProbe_intakeResumes() throws Exception {
        start(Duration.ofMillis(500));
        availability.failed(new KrrException.Unavailable(503, "KRR down", null));
        await().atMost(Duration.ofSeconds(30)).until(() -> events.contains("stopped held-b"));
        availability.succeeded();

        await().atMost(Duration.ofSeconds(30)).until(() -> events.containsAll(
                List.of("started held-a", "started held-b")));
        assertThat(status("held-a")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void tokenRefused_staysHeldWhileMaskinportenRefuses() throws Exception {
        start(Duration.ofMillis(200));
        maskinportenRefuses.set(true);
        availability.failed(new TokenRequestException.Rejected(400, "invalid_grant", null, "grant refused"));

        await().atMost(Duration.ofSeconds(30)).until(() -> tokenFetches.get() >= 2);
        assertThat(events).contains("stopped held-a").doesNotContain("started held-a");
        assertThat(policy.isHeld()).isTrue();

        maskinportenRefuses.set(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> status("held-a") == ServiceStatus.Started);
        assertThat(policy.isHeld()).isFalse();
    }
}
