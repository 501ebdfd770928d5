// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import no.krrgateway.krr.KrrBatch;
import no.krrgateway.lookup.LookupAvailability;
import no.krrgateway.lookup.LookupAvailability.HoldBackProperties;
import no.krrgateway.maskinporten.AccessTokenProvider.AccessToken;
import no.krrgateway.maskinporten.MaskinportenProperties;
import no.krrgateway.maskinporten.TokenCache;
import no.krrgateway.maskinporten.TokenRequestException;
import no.krrgateway.tenant.Tenants.TenantProperties;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * A stop (SIGTERM) while intake is held back, or a tenant's token retry is pending: the pending probe or retry is
 * dropped, not run while the gateway stops (Camel's stop waits up to 10 s for a scheduler's delayed tasks, and runs
 * them, unless told otherwise), so it neither starts intake again nor asks Maskinporten for a token.
 */
class SchedulersAtStopTest {

    private static final Duration DELAY = Duration.ofMillis(1500);

    private final AtomicInteger tokenFetches = new AtomicInteger();
    private final TokenCache tokens = new TokenCache(request -> {
        tokenFetches.incrementAndGet();
        return new AccessToken("t", Instant.now(), Instant.now().plusSeconds(120));
    }, Clock.systemUTC(), new MaskinportenProperties(URI.create("https://maskinporten.no/"), null, "client-1", "scope",
            null, null, Duration.ofSeconds(120), "RS256", Duration.ofSeconds(20), 0.1, Duration.ofSeconds(10), 5,
            Duration.ofMillis(200), Duration.ofSeconds(10), null, null), new SimpleMeterRegistry());
    private final LookupAvailability availability = new LookupAvailability(Clock.systemUTC());
    private final HoldBackProperties holdBack = new HoldBackProperties(DELAY, Duration.ofSeconds(60));
    private final DefaultCamelContext camel = new DefaultCamelContext();

    @Test
    void stopWhileHeldBack_probeNeverRuns() throws Exception {
        var policy = new GatewayConfiguration().holdBack(tokens, availability, holdBack, camel);
        camel.getRegistry().bind("holdBack", policy);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:held?period=60000").routeId("held").routePolicyRef("holdBack").log("held");
            }
        });
        camel.start();
        // Maskinporten failed: the probe is a token fetch
        availability.failed(new TokenRequestException.Unavailable(503, "Maskinporten down", null));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> camel.getRouteController().getRouteStatus("held") == ServiceStatus.Stopped);

        camel.stop();

        assertThat(tokenFetches).as("token fetched by a probe during or after the stop").hasValue(0);
        assertThat(policy.isHeld()).isTrue();
    }

    @Test
    void stopWhileTenantRetryPending_retryNeverRuns() throws Exception {
        var refusals = new GatewayConfiguration().tenantRefusals(tokens, holdBack, Clock.systemUTC(),
                new SimpleMeterRegistry(), new TenantProperties(Map.of()), camel);
        camel.start();
        refusals.answer(new KrrBatch(List.of("1"), "999888777"),
                new TokenRequestException.Rejected(400, "invalid_grant", null, "refused"));
        assertThat(refusals.refused()).containsKey("999888777");

        camel.stop();

        assertThat(tokenFetches).as("token fetched by a tenant retry during or after the stop").hasValue(0);
    }
}
