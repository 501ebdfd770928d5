// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.health;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import no.krrgateway.channel.HoldBackRoutePolicy;
import no.krrgateway.lookup.LookupAvailability;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Health component {@code krr}: the lookups' state (LookupAvailability), the circuit and intake. */
@Component("krrHealthIndicator")
public record LookupHealthIndicator(LookupAvailability availability, HoldBackRoutePolicy intake, CircuitBreaker circuit)
        implements HealthIndicator {

    @Override
    public Health health() {
        LookupAvailability.Snapshot now = availability.current();
        Health.Builder health = switch (now.state()) {
            case UP -> Health.up();
            case DEGRADED -> Health.status("DEGRADED");
            case DOWN -> Health.down();
        };
        health.withDetail("intake", intake.isHeld() ? "held back" : "running")
                .withDetail("circuit", circuit.getState().name());
        if (now.code() != null) {
            health.withDetail("code", now.code().name()).withDetail("reason", now.reason())
                    .withDetail("since", now.since().toString());
        }
        return health.build();
    }
}
