// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.health;

import java.util.LinkedHashMap;
import java.util.Map;
import no.krrgateway.tenant.TenantRefusals;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Health component {@code tenants}: DEGRADED (HTTP 200), not DOWN, while a tenant is refused: others are served. */
@Component
public record TenantsHealthIndicator(TenantRefusals refusals) implements HealthIndicator {

    @Override
    public Health health() {
        Map<String, TenantRefusals.Refusal> refused = refusals.refused();
        if (refused.isEmpty()) {
            return Health.up().build();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        refused.forEach((org, refusal) -> details.put(org, Map.of("refusedBy", refusal.by().name(),
                "code", refusal.code(), "since", refusal.since().toString(), "attempts", refusal.attempt(),
                "nextTry", refusal.nextTry().toString())));
        return Health.status("DEGRADED").withDetail("refused", details).build();
    }
}
