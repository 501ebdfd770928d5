// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import no.krrgateway.channel.HoldBackRoutePolicy;
import no.krrgateway.channel.kafka.KafkaChannelProperties;
import no.krrgateway.channel.kafka.KafkaClusterProbe;
import no.krrgateway.channel.kafka.KafkaProbeProperties;
import no.krrgateway.tenant.Tenants;
import no.krrgateway.health.KafkaHealthIndicator;
import no.krrgateway.metrics.ConsumerLagMetrics;
import no.krrgateway.metrics.FileMetrics;
import no.krrgateway.metrics.KrrCallMetrics;
import no.krrgateway.metrics.LookupMetrics;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires what operators watch (metrics, the {@code kafka} health component), kept apart from the lookup wiring so
 * that either can change without touching the other.
 */
@Configuration(proxyBeanMethods = false)
public class OperationsConfiguration {

    @Bean
    KrrCallMetrics krrCallObserver(MeterRegistry registry) {
        return new KrrCallMetrics(registry);
    }

    /** Called by the lookup route (routes/lookup-batch.camel.yaml) before and after the lookup. */
    @Bean
    LookupMetrics lookupMetrics(MeterRegistry registry) {
        return new LookupMetrics(registry);
    }

    /** For the file channel: {@code gateway.files.processed{outcome}}. */
    @Bean
    FileMetrics fileMetrics(MeterRegistry registry) {
        return new FileMetrics(registry);
    }

    /**
     * KRR calls in flight and waiting for a thread: Micrometer's executor gauges on the call pool, whose size is
     * gateway.krr.max-concurrent-calls ({@code executor_active_threads{name="krr-call"}},
     * {@code executor_queued_tasks{name="krr-call"}}).
     */
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

    /**
     * The broker probe, the {@code kafka} health component and the lag gauge, only where the Kafka channel is on: an
     * instance without it (gateway.kafka.enabled=false) has no {@code kafka} component, so its readiness group
     * ({@code readinessState,kafka}) does not depend on a broker it never uses.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "gateway.kafka", name = "enabled", havingValue = "true", matchIfMissing = true)
    @EnableConfigurationProperties(KafkaProbeProperties.class)
    static class KafkaOperations {

        /**
         * The Camel context is looked up when the broker is first asked, not injected: the health endpoint behind the
         * main port's /livez and /readyz is built with the web server's handler mappings, before Camel's context.
         */
        @Bean(destroyMethod = "close")
        KafkaClusterProbe kafkaClusterProbe(ObjectProvider<CamelContext> camel, KafkaProbeProperties settings,
                                            Clock clock) {
            return new KafkaClusterProbe(() -> kafkaClientProperties(camel.getObject()), settings, clock);
        }

        @Bean
        KafkaHealthIndicator kafkaHealthIndicator(KafkaClusterProbe probe) {
            return new KafkaHealthIndicator(probe);
        }

        /** Per request topic: gateway.topics.requests and each tenant's. */
        @Bean
        MeterBinder consumerLagMetrics(KafkaClusterProbe probe, KafkaChannelProperties kafka, Tenants tenants) {
            return registry -> tenants.requestTopics()
                    .forEach(topic -> ConsumerLagMetrics.register(registry, probe, kafka.groupId(), topic));
        }
    }

    /** The brokers and client settings (security included) that the routes' Kafka endpoints use. */
    private static Properties kafkaClientProperties(CamelContext camel) {
        KafkaConfiguration configuration = camel.getComponent("kafka", KafkaComponent.class).getConfiguration();
        Properties properties = configuration.createConsumerProperties();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, configuration.getBrokers());
        return properties;
    }
}
