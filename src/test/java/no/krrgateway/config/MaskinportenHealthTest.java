// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import no.krrgateway.maskinporten.AccessTokenProvider.AccessToken;
import no.krrgateway.maskinporten.MaskinportenProperties;
import no.krrgateway.maskinporten.SigningKey;
import no.krrgateway.maskinporten.TokenCache;
import no.krrgateway.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health {@code maskinporten} (and so {@code /actuator/health}'s status code): a failed refresh while the cached token
 * still served KRR calls is {@code DEGRADED} (HTTP 200), not {@code DOWN} (503); {@code DOWN} once a lookup needing a
 * token could not get one.
 */
class MaskinportenHealthTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
    private final AtomicBoolean maskinportenDown = new AtomicBoolean();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    /** 120 s tokens, refreshed 20 s ahead of expiry; while maskinportenDown, a fetch throws {@code failure}. */
    private TokenCache tokens(RuntimeException failure) {
        var properties = new MaskinportenProperties(URI.create("https://maskinporten.no/"), null, "client-1",
                "krr:global/kontaktinformasjon.read", null, null, Duration.ofSeconds(120), "RS256",
                Duration.ofSeconds(20), 0.1, Duration.ofSeconds(10), 5, Duration.ofMillis(200), Duration.ofSeconds(10),
                null, null);
        return new TokenCache(request -> {
            if (maskinportenDown.get()) {
                throw failure;
            }
            return new AccessToken("token", clock.instant(), clock.instant().plusSeconds(120));
        }, clock, properties, meters);
    }

    private HealthIndicator health(TokenCache tokens) throws Exception {
        var key = new SigningKey(new RSAKeyGenerator(2048).generate().toPrivateKey(), "kid", null, null);
        return new OperationsConfiguration().maskinportenHealthIndicator(key, tokens, clock, meters);
    }

    @Test
    void aFailedRefresh_isDegradedWhileTheCachedTokenServes_andDownOnceItDoesNot() throws Exception {
        TokenCache tokens = tokens(new IllegalStateException("Maskinporten answered HTTP 503"));
        HealthIndicator indicator = health(tokens);

        AccessToken token = tokens.token();
        assertThat(indicator.health().getStatus().getCode()).isEqualTo("UP");

        maskinportenDown.set(true);
        clock.advance(Duration.ofSeconds(105)); // refresh-ahead window: the refresh fails, the cached token serves
        assertThat(tokens.token()).isSameAs(token);
        Health blip = indicator.health();
        assertThat(blip.getStatus().getCode()).as("a usable token is held: lookups go on").isEqualTo("DEGRADED");
        assertThat(blip.getDetails()).containsEntry("lastTokenFailure", "Maskinporten answered HTTP 503");

        clock.advance(Duration.ofSeconds(600)); // a quiet night: the token ran out, but no lookup has been refused one
        assertThat(indicator.health().getStatus().getCode()).isEqualTo("DEGRADED");

        assertThatThrownBy(tokens::token).hasMessageContaining("503"); // a lookup now: no token, lookups fail
        assertThat(indicator.health().getStatus().getCode()).isEqualTo("DOWN");

        maskinportenDown.set(false);
        tokens.token();
        assertThat(indicator.health().getStatus().getCode()).isEqualTo("UP");
    }

    /** A refresh failing with no message (a bare RuntimeException) is DEGRADED too, not a health check that throws. */
    @Test
    void aFailedRefreshWithoutAMessage_isDegradedNamingItsClass() throws Exception {
        TokenCache tokens = tokens(new IllegalStateException());
        HealthIndicator indicator = health(tokens);
        tokens.token();

        maskinportenDown.set(true);
        clock.advance(Duration.ofSeconds(105));
        tokens.token();
        Health blip = indicator.health();
        assertThat(blip.getStatus().getCode()).isEqualTo("DEGRADED");
        assertThat(blip.getDetails()).containsEntry("lastTokenFailure", "java.lang.IllegalStateException");
    }

    /** operations.md: health maskinporten needs the key unexpired, and warns from 30 days before its expiry. */
    @Test
    void aKeyThatExpires_warnedOfFromThirtyDaysBefore_andDownOnceExpired() throws Exception {
        TokenCache tokens = tokens(null);
        tokens.token();
        var key = new SigningKey(new RSAKeyGenerator(2048).generate().toPrivateKey(), "kid", null,
                clock.instant().plus(Duration.ofDays(40)));
        HealthIndicator indicator = new OperationsConfiguration().maskinportenHealthIndicator(key, tokens, clock,
                meters);
        assertThat(indicator.health().getStatus().getCode()).isEqualTo("UP");
        assertThat(indicator.health().getDetails()).containsEntry("daysLeft", 40L).doesNotContainKey("warning");
        assertThat(meters.get("gateway.signing.key.days.left").gauge().value()).isEqualTo(40.0);

        clock.advance(Duration.ofDays(15));
        tokens.token();
        Health soon = indicator.health();
        assertThat(soon.getStatus().getCode()).isEqualTo("UP");
        assertThat(soon.getDetails()).containsEntry("daysLeft", 25L).containsEntry("warning",
                "the key or certificate expires in 25 days: renew it");

        clock.advance(Duration.ofDays(26));
        tokens.token();
        Health expired = indicator.health();
        assertThat(expired.getStatus().getCode()).isEqualTo("DOWN");
        assertThat(expired.getDetails()).containsEntry("daysLeft", -1L).containsEntry("warning",
                "the key or certificate has expired: renew it");
    }
}
