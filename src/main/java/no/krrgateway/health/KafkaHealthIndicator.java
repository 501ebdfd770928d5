// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.health;

import no.krrgateway.channel.kafka.KafkaClusterProbe;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The {@code kafka} health component: UP while the broker answers a cluster description within the probe's timeout,
 * since without a broker the gateway can neither read requests nor publish outcomes.
 */
public class KafkaHealthIndicator implements HealthIndicator {

    private final KafkaClusterProbe probe;

    public KafkaHealthIndicator(KafkaClusterProbe probe) {
        this.probe = probe;
    }

    @Override
    public Health health() {
        KafkaClusterProbe.Cluster cluster = probe.cluster();
        if (!cluster.reachable()) {
            return Health.down().withDetail("error", cluster.problem()).build();
        }
        return Health.up().withDetail("clusterId", cluster.clusterId()).withDetail("nodes", cluster.nodes()).build();
    }
}
