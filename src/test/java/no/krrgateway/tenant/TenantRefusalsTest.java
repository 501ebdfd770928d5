// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
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
    private final TenantRefusals refusals = new TenantRefusals(renewals, Duration.ofMillis(100), Duration.ofMillis(400),
            Clock.systemUTC(), meters, Executors.newSingleThreadScheduledExecutor());

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
        TenantRefusals refusals = new TenantRefusals(org -> { }, Duration.ofMinutes(5), Duration.ofMinutes(10),
                Clock.systemUTC(), meters, Executors.newSingleThreadScheduledExecutor());
        var answer = refusals.answer(TENANT, refused("invalid_grant", "MP-251"));

        assertThat(answer.orgRejected().get("1")).isEqualTo("Maskinporten refused the grant for this consumerOrg "
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
        TenantRefusals refusals = new TenantRefusals(org -> { }, Duration.ofMillis(20), Duration.ofMinutes(10),
                Clock.systemUTC(), meters, Executors.newSingleThreadScheduledExecutor());
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
    void retry_maskinportenDownMeanwhile_triedAgainNotCountedAsARefusal() {
        renewals.failWith(new TokenRequestException.Unavailable(503, "Maskinporten answered HTTP 503", null));
        refusals.answer(TENANT, refused("invalid_grant", null));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> renewals.orgs().size() >= 2);
        assertThat(refusals.refused()).containsKey("910000001");
        assertThat(meters.counter("gateway.tenant.rejections", "org", "910000001").count()).isEqualTo(1);
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
}
