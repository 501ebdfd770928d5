// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import no.krrgateway.channel.HoldBackRoutePolicy;
import no.krrgateway.channel.kafka.KafkaChannelProperties;
import no.krrgateway.channel.kafka.KafkaClusterProbe;
import no.krrgateway.channel.kafka.KafkaProbeProperties;
import no.krrgateway.tenant.Tenants;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What operators watch (metrics, health components) beyond the components in metrics/ and health/. */
@Configuration(proxyBeanMethods = false)
public class OperationsConfiguration {

    /** KRR calls in flight and waiting for a thread ({@code executor_*{name="krr-call"}}). */
    @Bean
    MeterBinder krrCallPoolMetrics(@Qualifier("krrCallPool") ExecutorService krrCallPool) {
        return new ExecutorServiceMetrics(krrCallPool, "krr-call", List.of());
    }

    /** 1 while intake is held back, else 0: an alert on "held back for longer than N minutes" needs the state. */
    @Bean
    MeterBinder holdBackMetrics(HoldBackRoutePolicy holdBack) {
        return registry -> Gauge.builder("gateway.intake.held.back", holdBack, policy -> policy.isHeld() ? 1 : 0)
                .description("1 while intake is held back (KRR or Maskinporten failing), else 0").register(registry);
    }

    /** Only where the Kafka channel is on, so readiness ({@code readinessState,kafka}) needs no unused broker. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "gateway.kafka", name = "enabled", havingValue = "true", matchIfMissing = true)
    @EnableConfigurationProperties(KafkaProbeProperties.class)
    static class KafkaOperations {

        /** Camel is looked up lazily: the health endpoint behind /livez and /readyz is built before Camel. */
        @Bean(destroyMethod = "close")
        KafkaClusterProbe kafkaClusterProbe(ObjectProvider<CamelContext> camel, KafkaProbeProperties settings,
                                            Clock clock) {
            return new KafkaClusterProbe(() -> KafkaChannelConfiguration.kafkaSettings(camel.getObject(),
                    KafkaConfiguration::createConsumerProperties), settings, clock);
        }

        /** Health component {@code kafka}: without a broker the gateway can neither read requests nor publish. */
        @Bean
        HealthIndicator kafkaHealthIndicator(KafkaClusterProbe probe) {
            return () -> {
                KafkaClusterProbe.Cluster cluster = probe.cluster();
                return cluster.reachable() ? Health.up().withDetail("clusterId", cluster.clusterId())
                        .withDetail("nodes", cluster.nodes()).build()
                        : Health.down().withDetail("error", cluster.problem()).build();
            };
        }

        /** Request records the consumer group has not committed yet; NaN while the broker does not answer. */
        @Bean
        MeterBinder consumerLagMetrics(KafkaClusterProbe probe, KafkaChannelProperties kafka, Tenants tenants) {
            return registry -> tenants.requestTopics().forEach(topic -> Gauge.builder("gateway.kafka.consumer.lag",
                            probe, p -> {
                                long lag = p.lag(kafka.groupId(), topic);
                                return lag < 0 ? Double.NaN : lag;
                            })
                    .description("Request records not yet committed by the gateway's consumer group")
                    .tag("topic", topic).baseUnit("records").register(registry));
        }
    }
}
