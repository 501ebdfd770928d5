// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import no.krrgateway.krr.KrrUnavailableException;
import no.krrgateway.lookup.LookupAvailability;
import no.krrgateway.maskinporten.AccessToken;
import no.krrgateway.maskinporten.TokenCache;
import no.krrgateway.maskinporten.TokenRequest;
import no.krrgateway.maskinporten.error.TokenRejectedException;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
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
            throw new TokenRejectedException(400, "invalid_grant", null, "grant refused");
        }
        return new AccessToken("t", Instant.now(), Instant.now().plusSeconds(120));
    }, Clock.systemUTC(), new TokenRequest("scope", null, null), Duration.ofSeconds(20), 0.1,
            new SimpleMeterRegistry());
    private final CamelContext camel = new DefaultCamelContext();
    private HoldBackRoutePolicy policy;

    private void start(Duration initialDelay) throws Exception {
        policy = new HoldBackRoutePolicy(tokens, availability, initialDelay, Duration.ofSeconds(60));
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
        availability.failed(new KrrUnavailableException(503, "KRR down", null));

        assertThat(policy.isHeld()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> status("held-a") == ServiceStatus.Stopped
                && status("held-b") == ServiceStatus.Stopped);
        assertThat(status("free")).as("a route without the policy").isEqualTo(ServiceStatus.Started);
        await().atMost(Duration.ofSeconds(20)).until(() -> status("held-a") == ServiceStatus.Started
                && status("held-b") == ServiceStatus.Started);
        assertThat(policy.isHeld()).isFalse();
        assertThat(tokenFetches).as("no token probe for a KRR outage").hasValue(0);
    }

    @Test
    void tokenRefused_staysHeldWhileMaskinportenRefuses() throws Exception {
        start(Duration.ofMillis(200));
        maskinportenRefuses.set(true);
        availability.failed(new TokenRejectedException(400, "invalid_grant", null, "grant refused"));

        await().atMost(Duration.ofSeconds(20)).until(() -> tokenFetches.get() >= 2);
        assertThat(status("held-a")).isEqualTo(ServiceStatus.Stopped);
        assertThat(policy.isHeld()).isTrue();

        maskinportenRefuses.set(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> status("held-a") == ServiceStatus.Started);
        assertThat(policy.isHeld()).isFalse();
    }

    @Test
    void backoff_doublesUpToTheMaximum_andStartsSmallAgainAfterReset() {
        var backoff = new HoldBackRoutePolicy.Backoff(Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(30));
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(5));
    }
}
