// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.Properties;
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
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires what operators watch (metrics, the {@code kafka} health component), kept apart from the lookup wiring so
 * that either can change without touching the other. Off with {@code gateway.enabled=false}, like the gateway.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(KafkaProbeProperties.class)
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

    @Bean(destroyMethod = "close")
    KafkaClusterProbe kafkaClusterProbe(CamelContext camel, KafkaProbeProperties settings, Clock clock) {
        return new KafkaClusterProbe(() -> kafkaClientProperties(camel), settings, clock);
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaClusterProbe probe) {
        return new KafkaHealthIndicator(probe);
    }

    @Bean
    MeterBinder consumerLagMetrics(KafkaClusterProbe probe, KafkaChannelProperties kafka, Tenants tenants) {
        return registry -> tenants.requestTopics()
                .forEach(topic -> ConsumerLagMetrics.register(registry, probe, kafka.groupId(), topic));
    }

    /** The brokers and client settings (security included) that the routes' Kafka endpoints use. */
    private static Properties kafkaClientProperties(CamelContext camel) {
        KafkaConfiguration configuration = camel.getComponent("kafka", KafkaComponent.class).getConfiguration();
        Properties properties = configuration.createConsumerProperties();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, configuration.getBrokers());
        return properties;
    }
}
