// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import no.krrgateway.channel.HoldBackRoutePolicy;
import no.krrgateway.limits.InputLimits;
import no.krrgateway.lookup.LookupAvailability;
import no.krrgateway.lookup.LookupAvailability.HoldBackProperties;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.tenant.Tenants;
import no.krrgateway.tenant.Tenants.TenantProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The API route's steps without HTTP: the timeout, the waiting-room limit, and what an answer carries. */
class ApiLookupsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private Tenants tenants = new Tenants(null, "requests", Map.of());

    @AfterEach
    void stop() {
        release.countDown();
        timer.shutdownNow();
        pool.shutdownNow();
    }

    private ApiLookups lookups(Duration timeout, int maxWaitingIds, boolean hang) {
        ApiProperties properties = new ApiProperties(true, ApiProperties.Auth.NONE, "scope", 10,
                DataSize.ofKilobytes(64), Duration.ofMillis(100), Duration.ofMillis(10), maxWaitingIds,
                maxWaitingIds, timeout, 10, Duration.ofSeconds(2), "client_id");
        LookupCoalescer coalescer = new LookupCoalescer((work, callers) -> {
            if (hang) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return work.items().stream().<PersonOutcome>map(item -> new PersonOutcome.Error(item.context(),
                    item.personId(), ErrorCode.INVALID_ID, "check digits do not match", null)).toList();
        }, new LookupCoalescer.Limits(properties.coalesceWindow(), 1000, 4, properties.maxWaitingIds(),
                properties.maxWaitingIdsPerClient()), timer, pool, org -> null, (request, outcomes, gaveUp) -> { });
        HoldBackRoutePolicy intake = new HoldBackRoutePolicy(null, new LookupAvailability(Clock.systemUTC()),
                Duration.ofSeconds(7), Duration.ofSeconds(60), Executors.newSingleThreadScheduledExecutor());
        return new ApiLookups(MAPPER, new OutcomeJson(MAPPER), coalescer, tenants, intake,
                properties, new InputLimits(100_000, 256, 64, 1024, 1024, 4000, 100_000),
                new HoldBackProperties(Duration.ofSeconds(7), Duration.ofSeconds(60)),
                new ApiMetrics(new SimpleMeterRegistry()));
    }

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void lookup_noAnswerWithinTheTimeout_503TimeoutWithRetryAfter() {
        ApiLookups api = lookups(Duration.ofMillis(300), 100, true);
        long started = System.nanoTime();
        LookupCoalescer.Request request = api.read(body("{\"personidentifikatorer\":[\"12345678901\"]}"), "corr-1");

        assertThatThrownBy(() -> api.lookup(request, started)).isInstanceOfSatisfying(ApiProblem.class, problem -> {
            assertThat(problem.body().status()).isEqualTo(503);
            assertThat(problem.body().type()).isEqualTo("urn:krr-gateway:problem:timeout");
            assertThat(problem.retryAfterSeconds()).isEqualTo("7");
        });
    }

    @Test
    void lookup_moreIdsWaitingThanAllowed_503OverloadedWithTheConfiguredRetryAfter() {
        ApiLookups api = lookups(Duration.ofSeconds(5), 2, true);
        byte[] first = body("{\"personidentifikatorer\":[\"12345678901\",\"12345678902\"]}");
        // submit, not execute: the lookup this test leaves waiting ends in an ApiProblem when the pool stops, which
        // must not reach a later test's Awaitility as an uncaught exception
        pool.submit(() -> api.lookup(api.read(first, "corr-1"), System.nanoTime()));
        LookupCoalescer.Request request = api.read(body("{\"personidentifikatorer\":[\"12345678903\"]}"), "corr-1");

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> api.lookup(request, System.nanoTime()))
                        .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                            assertThat(problem.body().status()).isEqualTo(503);
                            assertThat(problem.body().type()).isEqualTo("urn:krr-gateway:problem:overloaded");
                            assertThat(problem.retryAfterSeconds()).isEqualTo("2");
                        }));
    }

    @Test
    void respond_outcomesAsOnKafkaAndOnlyTheGatewaysHeaders() throws Exception {
        ApiLookups api = lookups(Duration.ofSeconds(5), 100, false);
        long started = System.nanoTime();
        List<PersonOutcome> outcomes = api.lookup(api.read(
                body("{\"requestId\":\"r-9\",\"personidentifikatorer\":[\"12345678901\"]}"), "corr-1"), started);

        ApiLookups.Reply reply = api.respond(outcomes, started);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo("application/json");
        assertThat(reply.retryAfter()).isNull();
        assertThat(reply.correlationId()).isEqualTo("corr-1");
        var body = MAPPER.readTree(reply.body());
        assertThat(body.get("requestId").asText()).isEqualTo("r-9");
        assertThat(body.get("outcomes").get(0)).isEqualTo(MAPPER.readTree(new OutcomeJson(MAPPER)
                .write(outcomes.get(0))));
        assertThat(body.at("/outcomes/0/correlationId").asText()).isEqualTo("corr-1");
    }

    @Test
    void problem_retryAfterInWholeSecondsAndAnInvalidCorrelationIdNotEchoed() throws Exception {
        ApiLookups api = lookups(Duration.ofSeconds(5), 100, false);
        ApiProblem held = new ApiProblem(503, "lookups-held-back", "Lookups are held back", "held",
                Duration.ofMillis(1500));

        ApiLookups.Reply reply = api.problem(held, "x".repeat(2000), System.nanoTime());

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
        assertThat(reply.retryAfter()).isEqualTo("2");
        assertThat(reply.correlationId()).isNull();
        assertThat(MAPPER.readTree(reply.body()).fieldNames()).toIterable()
                .containsExactly("type", "title", "status", "code", "detail");
        assertThat(api.problem(new IllegalStateException("secret"), "corr-1", null).body()).doesNotContain("secret")
                .contains("\"status\":500");
    }

    @Test
    void read_stringOverTheJsonStringCap_400NamingTheProperty() {
        ApiLookups api = lookups(Duration.ofSeconds(5), 100, false);
        assertThatThrownBy(() -> api.read(body("{\"consumerOrg\":\"" + "9".repeat(100_001)
                + "\",\"personidentifikatorer\":[\"12345678901\"]}"), null))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> assertThat(problem.body().detail())
                        .contains("gateway.limits.max-json-string-length"));
    }

    @Test
    void read_consumerOrgOfATenantNotListingTheClient_403NothingTaken_listedClientOrNoOrgAccepted() {
        tenants = new Tenants("910000000", "requests", java.util.Map.of("910000001",
                new TenantProperties.Tenant(List.of("case-system"), List.of())));
        ApiLookups api = lookups(Duration.ofSeconds(5), 100, false);
        String body = "{\"consumerOrg\":\"910000001\",\"personidentifikatorer\":[\"12345678901\"]}";
        try {
            signIn("other-system");
            assertThatThrownBy(() -> api.read(body(body), null)).isInstanceOfSatisfying(ApiProblem.class, problem -> {
                assertThat(problem.body().status()).isEqualTo(403);
                assertThat(problem.body().type()).isEqualTo("urn:krr-gateway:problem:consumer-org-refused");
                assertThat(problem.body().detail()).doesNotContain("910000001").doesNotContain("other-system");
            });
            // the tenant's number spelt otherwise, or named twice: still refused for a client it does not list
            for (String named : List.of(" 910000001", "910000001 ", "0910000001", "910 000 001",
                    "\uff19\uff11\uff10\uff10\uff10\uff10\uff10\uff10\uff11")) {
                assertThatThrownBy(() -> api.read(body("{\"consumerOrg\":\"" + named
                        + "\",\"personidentifikatorer\":[\"12345678901\"]}"), null)).as(named)
                        .isInstanceOfSatisfying(ApiProblem.class, problem -> assertThat(problem.body().status())
                                .isEqualTo(403));
            }
            for (String twice : List.of("\"910000000\",\"consumerOrg\":\"910000001\"",
                    "\"910000001\",\"consumerOrg\":\"910000000\"")) {
                try {
                    assertThat(api.read(body("{\"consumerOrg\":" + twice + ",\"personidentifikatorer\":"
                            + "[\"12345678901\"]}"), null).consumerOrg()).as(twice).isNull();
                } catch (ApiProblem refused) {
                    assertThat(refused.body().status()).as(twice).isIn(400, 403);
                }
            }
            assertThat(api.read(body("{\"personidentifikatorer\":[\"12345678901\"]}"), null).consumerOrg())
                    .as("no consumerOrg: the gateway's own org, for any client").isNull();
            assertThat(api.read(body("{\"consumerOrg\":\"910000000\",\"personidentifikatorer\":"
                    + "[\"12345678901\"]}"), null).consumerOrg()).as("the own org named").isNull();

            signIn("case-system");
            assertThat(api.read(body(body), null).consumerOrg()).isEqualTo("910000001");
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
    }

    private static void signIn(String clientId) {
        var token = org.springframework.security.oauth2.jwt.Jwt.withTokenValue("t").header("alg", "RS256")
                .subject("someone").claim("client_id", clientId).build();
        org.springframework.security.core.context.SecurityContextHolder.getContext().setAuthentication(
                new org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken(token));
    }
}
