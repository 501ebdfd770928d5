// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.health;

import no.krrgateway.channel.kafka.PartitionOwnership;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** Health component {@code intakePartitions}: the request partitions this instance owns in its consumer group. */
public class IntakePartitionsHealthIndicator implements HealthIndicator {

    private final PartitionOwnership ownership;

    public IntakePartitionsHealthIndicator(PartitionOwnership ownership) {
        this.ownership = ownership;
    }

    @Override
    public Health health() {
        var owned = ownership.owned();
        return Health.up().withDetail("owned", owned).withDetail("count", owned.size()).build();
    }
}
