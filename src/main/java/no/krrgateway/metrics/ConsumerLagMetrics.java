// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import no.krrgateway.channel.kafka.KafkaClusterProbe;

/**
 * {@code gateway.kafka.consumer.lag{topic}}: request records the gateway's consumer group has not committed yet,
 * read from the broker at most once per probe cache period; NaN while the broker does not answer.
 */
public final class ConsumerLagMetrics {

    private ConsumerLagMetrics() {
    }

    public static void register(MeterRegistry registry, KafkaClusterProbe probe, String groupId, String topic) {
        Gauge.builder("gateway.kafka.consumer.lag", probe, p -> {
                    long lag = p.lag(groupId, topic);
                    return lag < 0 ? Double.NaN : lag;
                })
                .description("Request records not yet committed by the gateway's consumer group")
                .tag("topic", topic)
                .baseUnit("records")
                .register(registry);
    }
}
