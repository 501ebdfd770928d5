// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import no.krrgateway.maskinporten.SigningKey;
import no.krrgateway.maskinporten.TokenCache;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code maskinporten}: whether the last token request worked, and the signing key's or
 * certificate's days left (also a gauge), with a warning from 30 days out so that renewal is not a surprise.
 */
@Component
public record MaskinportenHealthIndicator(SigningKey key, TokenCache tokens, Clock clock)
        implements HealthIndicator, MeterBinder {

    static final Duration WARN_BEFORE = Duration.ofDays(30);

    double daysLeft() {
        return key.notAfter() == null ? -1 : Duration.between(clock.instant(), key.notAfter()).toHours() / 24.0;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("gateway.signing.key.days.left", this, MaskinportenHealthIndicator::daysLeft)
                .description("days until the Maskinporten key or certificate expires; -1 when it has no expiry")
                .register(registry);
    }

    @Override
    public Health health() {
        String failure = tokens.lastFailure();
        Health.Builder health = failure == null ? Health.up() : Health.down().withDetail("lastTokenFailure", failure);
        health.withDetail("key", key.keyId() != null ? "jwk kid=" + key.keyId() : "business certificate (x5c)");
        if (key.notAfter() != null) {
            long days = (long) Math.floor(daysLeft());
            health.withDetail("notAfter", key.notAfter().toString()).withDetail("daysLeft", days);
            if (days < 0) {
                health.down().withDetail("warning", "the key or certificate has expired: renew it");
            } else if (Duration.ofDays(days).compareTo(WARN_BEFORE) < 0) {
                health.withDetail("warning", "the key or certificate expires in " + days + " days: renew it");
            }
        }
        return health.build();
    }
}
