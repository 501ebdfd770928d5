// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import no.krrgateway.config.OperationsConfiguration;
import no.krrgateway.krr.KrrBatch;
import no.krrgateway.krr.KrrClient;
import no.krrgateway.krr.KrrException;
import no.krrgateway.maskinporten.TokenRequestException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

class TenantRefusalsTest {

    private static final KrrBatch TENANT = new KrrBatch(List.of("1", "2"), "910000001");
    private static final KrrBatch OWN = new KrrBatch(List.of("3"), null);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TokenRenewals renewals = new TokenRenewals(refused("invalid_grant", "MP-251"));
    private final TenantRefusals refusals = new TenantRefusals(org -> { }, renewals, Duration.ofMillis(100),
            Duration.ofMillis(400), Clock.systemUTC(), meters, Executors.newSingleThreadScheduledExecutor());

    @AfterEach
    void close() {
        refusals.close();
    }

    private static TokenRequestException.Rejected refused(String error, String mpCode) {
        return new TokenRequestException.Rejected(400, error, mpCode, "Maskinporten refused the grant: HTTP 400 "
                + error + " " + mpCode + ": the customer withdrew its delegation");
    }

    @Test
    void answer_maskinportenRefusesATenant_idsRejectedWithTheCodeOnly_healthDegradedNamingIt_countedOnce() {
        // no background try within the test, however loaded the machine
        TenantRefusals refusals = new TenantRefusals(org -> { }, org -> { }, Duration.ofMinutes(5),
                Duration.ofMinutes(10), Clock.systemUTC(), meters, Executors.newSingleThreadScheduledExecutor());
        var answer = refusals.answer(TENANT, refused("invalid_grant", "MP-251"));

        assertThat(answer.orgRejected().get("1")).isEqualTo("Maskinporten issued no token for this consumerOrg "
                + "(invalid_grant MP-251); nothing was looked up");
        assertThat(answer.orgRejected().get("2")).doesNotContain("withdrew");
        var health = new OperationsConfiguration().tenantsHealthIndicator(refusals).health();
        assertThat(health.getStatus()).isEqualTo(new Status("DEGRADED"));
        assertThat(health.getDetails().toString()).contains("910000001", "MASKINPORTEN", "invalid_grant MP-251");
        assertThat(meters.counter("gateway.tenant.rejections", "org", "910000001").count()).isEqualTo(1);
        assertThatThrownBy(() -> refusals.check(TENANT)).isInstanceOf(TenantRefusals.Rejected.class);
        refusals.check(OWN);
        refusals.check(new KrrBatch(List.of("4"), "910000002"));
        refusals.close();
    }

    @Test
    void answered_krrAnsweredTheTenant_itsAnswerAndItsBackoffStartsAgain() {
        // the token is issued at once: a tenant refused by KRR is let through after each delay, and refused again
        TenantRefusals refusals = new TenantRefusals(org -> { }, org -> { }, Duration.ofMillis(20),
                Duration.ofMinutes(10), Clock.systemUTC(), meters, Executors.newSingleThreadScheduledExecutor());
        KrrException.AccessDenied denied = new KrrException.AccessDenied(403);
        for (int attempt = 1; attempt <= 2; attempt++) {
            refusals.answer(TENANT, denied);
            assertThat(refusals.refused().get("910000001").attempt()).isEqualTo(attempt);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> refusals.refused().isEmpty());
        }

        var answer = refusals.answered(TENANT, new KrrClient.Reply(Map.of(), null));
        refusals.answer(TENANT, denied);

        assertThat(answer.orgRejected().get("1")).isNull();
        assertThat(answer.rejected().get("1")).isNull();
        assertThat(refusals.refused().get("910000001").attempt()).as("answered in between: backoff from the start")
                .isEqualTo(1);
        refusals.close();
    }

    @Test
    void retry_inTheBackgroundWithGrowingDelays_untilMaskinportenIssuesTheToken() {
        refusals.answer(TENANT, refused("invalid_scope", "MP-250"));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> renewals.orgs().size() >= 3);
        var refusal = refusals.refused().get("910000001");
        assertThat(refusal.attempt()).isGreaterThanOrEqualTo(3);
        assertThat(meters.counter("gateway.tenant.rejections", "org", "910000001").count())
                .as("every refusal, the background tries included").isGreaterThanOrEqualTo(3);

        renewals.failWith(null);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> refusals.refused().isEmpty());
        refusals.check(TENANT);
        assertThat(new OperationsConfiguration().tenantsHealthIndicator(refusals).health().getStatus())
                .isEqualTo(Status.UP);
    }

    @Test
    void retry_maskinportenDownMeanwhile_triedAgainNotCountedAsARefusal_butTheRefusedGaugeStays1UntilServed() {
        var tenant = new Tenants.TenantProperties.Tenant(List.of(), List.of());
        new OperationsConfiguration().tenantRefusedMetrics(refusals, new Tenants.TenantProperties(
                Map.of("910000001", tenant, "910000002", tenant))).bindTo(meters);
        renewals.failWith(new TokenRequestException.Unavailable(503, "Maskinporten answered HTTP 503", null));
        refusals.answer(TENANT, refused("invalid_grant", null));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> renewals.orgs().size() >= 2);
        assertThat(refusals.refused()).containsKey("910000001");
        assertThat(meters.counter("gateway.tenant.rejections", "org", "910000001").count()).isEqualTo(1);
        assertThat(meters.get("gateway.tenant.refused").tag("org", "910000001").gauge().value()).isEqualTo(1);
        assertThat(meters.get("gateway.tenant.refused").tag("org", "910000002").gauge().value()).isEqualTo(0);

        renewals.failWith(null);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> meters.get("gateway.tenant.refused").tag("org", "910000001").gauge().value() == 0);
    }

    @Test
    void answer_krr403ForATenant_rejected_butTheOwnOrgsRefusalAndOtherFailuresThrownOn() {
        assertThat(refusals.answer(TENANT, new KrrException.AccessDenied(403))
                .orgRejected().get("1")).isEqualTo("KRR refused this consumerOrg's token (HTTP 403); nothing was looked up");

        TokenRequestException.Rejected own = refused("invalid_grant", "MP-100");
        assertThatThrownBy(() -> refusals.answer(OWN, own)).isSameAs(own);
        KrrBatch other = new KrrBatch(List.of("5"), "910000002");
        KrrException.Unavailable down = new KrrException.Unavailable(503, "KRR down", null);
        assertThatThrownBy(() -> refusals.answer(other, down)).isSameAs(down);
        assertThat(refusals.refused()).containsOnlyKeys("910000001");
    }

    @Test
    void answer_krr401AgainForATenantsFreshToken_itsAlone_butTheOwnOrgs401ThrownOn() {
        KrrBatch other = new KrrBatch(List.of("5"), "910000002");

        var answer = refusals.answer(other, new KrrException.AccessDenied(401));

        assertThat(answer.orgRejected().get("5"))
                .isEqualTo("KRR refused this consumerOrg's token (HTTP 401); nothing was looked up");
        assertThat(refusals.refused().get("910000002").by()).isEqualTo(TenantRefusals.By.KRR);
        KrrException.AccessDenied own = new KrrException.AccessDenied(401);
        assertThatThrownBy(() -> refusals.answer(OWN, own)).isSameAs(own);
        KrrException.AccessDenied own403 = new KrrException.AccessDenied(403);
        assertThatThrownBy(() -> refusals.answer(OWN, own403)).isSameAs(own403);
    }

    @Test
    void answer_maskinportenFailsForATenantsGrantAlone_theOwnOrgsTokenComes_onlyThatTenantRejected() {
        TokenRenewals ownIssued = new TokenRenewals(null);
        TenantRefusals refusals = new TenantRefusals(org -> { }, ownIssued, Duration.ofMinutes(5),
                Duration.ofMinutes(10), Clock.systemUTC(), meters, Executors.newSingleThreadScheduledExecutor());
        var down = new TokenRequestException.Unavailable(503, "Maskinporten answered HTTP 503", null);
        KrrBatch other = new KrrBatch(List.of("5"), "910000002");
        var timedOut = new TokenRequestException.Unavailable(0, "Maskinporten did not answer: HttpTimeoutException",
                new HttpTimeoutException("request timed out"));

        var answer = refusals.answer(TENANT, down);
        refusals.answer(TENANT, down); // a second batch of it, in flight meanwhile: no second check
        refusals.answer(other, timedOut);

        assertThat(answer.orgRejected()).containsOnlyKeys("1", "2").containsValue("Maskinporten issued no token for "
                + "this consumerOrg (HTTP 503); nothing was looked up");
        assertThat(ownIssued.orgs()).as("the own org's token asked afresh, once per tenant")
                .containsExactly(null, null);
        assertThat(refusals.refused().get("910000001").by()).isEqualTo(TenantRefusals.By.MASKINPORTEN);
        assertThat(refusals.refused().get("910000002").code()).isEqualTo("timeout");
        assertThat(meters.counter("gateway.tenant.rejections", "org", "910000001").count()).isEqualTo(2);
        refusals.close();
    }

    @Test
    void answer_maskinportenFailsForTheOwnOrgToo_thrownOnSoAllAreHeldBack_oneCheckForBatchesFailingAtOnce()
            throws Exception {
        var down = new TokenRequestException.Unavailable(503, "Maskinporten answered HTTP 503", null);
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        AtomicInteger checks = new AtomicInteger();
        TenantRefusals refusals = new TenantRefusals(org -> { }, org -> {
            checks.incrementAndGet();
            checking.countDown();
            await(answer);
            throw down;
        }, Duration.ofMinutes(5), Duration.ofMinutes(10), Clock.systemUTC(), meters,
                Executors.newSingleThreadScheduledExecutor());
        var batches = Executors.newFixedThreadPool(6, task -> new Thread(task, "failing-batch"));
        try {
            List<Future<?>> failing = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                KrrBatch batch = new KrrBatch(List.of(String.valueOf(i)), i % 2 == 0 ? "910000001" : "910000002");
                failing.add(batches.submit(() -> refusals.answer(batch, down)));
            }
            checking.await(10, TimeUnit.SECONDS);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().equals("failing-batch"))
                    .filter(thread -> thread.getState() == Thread.State.BLOCKED).count() == 5);
            answer.countDown();
            for (Future<?> batch : failing) {
                assertThatThrownBy(batch::get).hasCauseReference(down);
            }
        } finally {
            batches.shutdownNow();
        }
        assertThat(checks).as("one own-org check, whose verdict the batches waiting for it took").hasValue(1);
        assertThat(refusals.refused()).isEmpty();
        refusals.close();
    }

    @Test
    void tokens_oncePerOrg_aRefusedTenantNotAsked_theOwnOrgsFailureThrownOn() {
        List<String> asked = new ArrayList<>();
        var down = new TokenRequestException.Unavailable(503, "Maskinporten answered HTTP 503", null);
        TenantRefusals refusals = new TenantRefusals(org -> {
            asked.add(String.valueOf(org));
            if (org == null) {
                throw down;
            }
        }, org -> { }, Duration.ofMinutes(5), Duration.ofMinutes(10), Clock.systemUTC(), meters,
                Executors.newSingleThreadScheduledExecutor());
        refusals.answer(TENANT, new KrrException.AccessDenied(403));
        KrrBatch other = new KrrBatch(List.of("5"), "910000002");

        refusals.tokens(List.of(TENANT, other, other, TENANT));
        assertThatThrownBy(() -> refusals.tokens(List.of(other, OWN))).isSameAs(down);

        assertThat(asked).containsExactly("910000002", "910000002", "null");
        refusals.close();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
