// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import no.krrgateway.audit.AuditTrail;
import no.krrgateway.channel.kafka.BatchLimit;
import no.krrgateway.channel.kafka.DeniedTopics;
import no.krrgateway.channel.kafka.ExactlyOnceDelivery;
import no.krrgateway.channel.kafka.KafkaChannelProperties;
import no.krrgateway.channel.kafka.KafkaDelivery;
import no.krrgateway.channel.kafka.KafkaOutcomeRecords;
import no.krrgateway.channel.kafka.KafkaRecordSender;
import no.krrgateway.channel.kafka.KafkaTopics;
import no.krrgateway.channel.kafka.PartitionOwnership;
import no.krrgateway.channel.kafka.PoisonRecords;
import no.krrgateway.channel.kafka.RequestRecords;
import no.krrgateway.config.GatewayConfiguration.ShutdownProperties;
import no.krrgateway.limits.InputLimits;
import no.krrgateway.lookup.LookupAvailability.HoldBackProperties;
import no.krrgateway.tenant.Tenants;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.spi.CamelContextCustomizer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
public class KafkaChannelConfiguration {

    @Bean
    KafkaDelivery kafkaDelivery(KafkaChannelProperties kafka, InputLimits limits, Tenants tenants, Clock clock,
                                KafkaOutcomeRecords outcomes, CamelContext camel, PartitionOwnership ownership,
                                KafkaRecordSender sender, BatchLimit kafkaBatchLimit, AuditTrail auditTrail) {
        var setup = new KafkaDelivery.Setup(kafkaBatchLimit, new RequestRecords(limits, tenants),
                limits.idsPerSlice(), new PoisonRecords(kafka.maxAttempts()), outcomes, clock, kafka.maxPollInterval(),
                auditTrail);
        if (kafka.delivery() == KafkaChannelProperties.Delivery.AT_LEAST_ONCE) {
            return new KafkaDelivery(setup, sender);
        }
        var delivery = new ExactlyOnceDelivery(setup, sender, id -> idempotentProducer(camel, settings -> {
            settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
            settings.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) kafka.transactionTimeout().toMillis());
        }), kafka.groupId() + "-" + kafka.instanceId(), kafka.consumers(), kafka.transactionTimeout());
        ownership.beforeJoining(delivery::initialiseProducers);
        return delivery;
    }

    @Bean
    BatchLimit kafkaBatchLimit(KafkaChannelProperties kafka) {
        return new BatchLimit(kafka.maxPollRecords(), kafka.maxPollInterval(), System::nanoTime);
    }

    /** The idempotent producer of at-least-once delivery and the API's evidence, made on first use. */
    @Bean(destroyMethod = "close")
    KafkaRecordSender kafkaRecordSender(CamelContext camel) {
        return new KafkaRecordSender(() -> idempotentProducer(camel,
                settings -> settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, KafkaRecordSender.CLIENT_ID)),
                () -> Duration.ofMillis(Long.parseLong(String.valueOf(kafkaSettings(camel, KafkaConfiguration::
                        createProducerProperties).getOrDefault(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000)))));
    }

    private static KafkaProducer<byte[], byte[]> idempotentProducer(CamelContext camel, Consumer<Properties> own) {
        Properties settings = kafkaSettings(camel, KafkaConfiguration::createProducerProperties);
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        own.accept(settings);
        KafkaTopics.fitBatches(camel.getRegistry(), settings);
        return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static Properties kafkaSettings(CamelContext camel, Function<KafkaConfiguration, Properties> settings) {
        var configuration = camel.getComponent("kafka", KafkaComponent.class).getConfiguration();
        var base = settings.apply(configuration);
        // camel-kafka's clients add the brokers themselves, outside create...Properties
        base.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, configuration.getBrokers());
        return base;
    }

    /** The request consumers' client factory (routes/intake-kafka.camel.yaml), retrying a topic denied as lookups. */
    @Bean
    DeniedTopics deniedTopics(HoldBackProperties holdBack, Clock clock) {
        return new DeniedTopics(holdBack.maxDelay(), clock);
    }

    /** Bean name fixed by camel-kafka (KafkaConstants.KAFKA_SUBSCRIBE_ADAPTER). */
    @Bean(name = "subscribeAdapter")
    PartitionOwnership partitionOwnership(MeterRegistry meters, KafkaChannelProperties kafka) {
        return new PartitionOwnership(meters, kafka.consumers());
    }

    /** Health component {@code intakePartitions}: the request partitions this instance owns in its group. */
    @Bean
    HealthIndicator intakePartitionsHealthIndicator(PartitionOwnership partitionOwnership) {
        return () -> {
            var owned = partitionOwnership.owned();
            return Health.up().withDetail("owned", owned).withDetail("count", owned.size()).build();
        };
    }

    /** Values the routes need that no property holds; a stop abandons batches uncommitted after the timeout. */
    @Bean
    CamelContextCustomizer routeSettings(ShutdownProperties shutdown, KafkaChannelProperties kafka, Tenants tenants,
                                         @Value("${camel.component.kafka.brokers:}") String brokers, Environment env) {
        if (brokers.isBlank() && kafka.enabled()) { // an API's evidence needs them too: KrrConfiguration
            throw new IllegalStateException("camel.component.kafka.brokers is not set: give the Kafka bootstrap "
                    + "servers (environment CAMEL_COMPONENT_KAFKA_BROKERS)");
        }
        // what routes/intake-kafka.camel.yaml sets on its endpoint, which outranks the component's setting
        Map.of("group-id", "gateway.kafka.group-id", "consumers-count", "gateway.kafka.consumers",
                "partition-assignor", "gateway.kafka.partition-assignor", "auto-offset-reset",
                "gateway.kafka.auto-offset-reset", "isolation-level", "gateway.kafka.delivery", "max-poll-records",
                "gateway.kafka.max-poll-records", "max-poll-interval-ms", "gateway.kafka.max-poll-interval",
                "poll-timeout-ms", "gateway.kafka.poll-timeout", "batching-interval-ms", "gateway.krr.batch-timeout")
                .forEach((name, instead) -> {
                    if (Binder.get(env).bind("camel.component.kafka." + name, String.class).isBound()) {
                        throw new IllegalStateException("camel.component.kafka." + name + " is set by the gateway: "
                                + "set " + instead + " instead");
                    }
                });
        return camelContext -> {
            camelContext.getShutdownStrategy().setTimeUnit(TimeUnit.MILLISECONDS);
            camelContext.getShutdownStrategy().setTimeout(shutdown.shutdownTimeout().toMillis());
            camelContext.getShutdownStrategy().setShutdownNowOnTimeout(true);
            // gateway.topics.requests and every tenant's request-topics, as camel-kafka's list of topics
            camelContext.getPropertiesComponent()
                    .addInitialProperty("gateway.route.request-topics", String.join(",", tenants.requestTopics()));
            // exactly-once: a request in an upstream transaction that was aborted was never sent
            camelContext.getPropertiesComponent().addInitialProperty("gateway.route.isolation-level",
                    kafka.delivery() == KafkaChannelProperties.Delivery.EXACTLY_ONCE ? "read_committed"
                            : "read_uncommitted");
        };
    }
}
