// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import no.krrgateway.channel.HoldBackRoutePolicy;
import no.krrgateway.channel.kafka.DeniedTopics;
import no.krrgateway.channel.kafka.KafkaChannelProperties;
import no.krrgateway.channel.kafka.KafkaClusterProbe;
import no.krrgateway.channel.kafka.KafkaRecordSender;
import no.krrgateway.lookup.LookupAvailability;
import no.krrgateway.maskinporten.SigningKey;
import no.krrgateway.maskinporten.TokenCache;
import no.krrgateway.tenant.TenantRefusals;
import no.krrgateway.tenant.Tenants;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What operators watch: the health components, and the meters beyond those in metrics/. */
@Configuration(proxyBeanMethods = false)
public class OperationsConfiguration {

    /** 1 while intake is held back, else 0: an alert on "held back for longer than N minutes" needs the state. */
    @Bean
    MeterBinder holdBackMetrics(HoldBackRoutePolicy holdBack) {
        return registry -> Gauge.builder("gateway.intake.held.back", holdBack, policy -> policy.isHeld() ? 1 : 0)
                .description("1 while intake is held back (KRR or Maskinporten failing), else 0").register(registry);
    }

    @Bean
    HealthIndicator krrHealthIndicator(LookupAvailability availability, HoldBackRoutePolicy intake,
                                       CircuitBreaker circuit) {
        return () -> {
            LookupAvailability.Snapshot now = availability.current();
            // the state's name is its health status: UP, DEGRADED (HTTP 200) or DOWN
            Health.Builder health = Health.status(now.state().name())
                    .withDetail("intake", intake.isHeld() ? "held back" : "running")
                    .withDetail("circuit", circuit.getState().name());
            if (now.code() != null) {
                health.withDetail("code", now.code().name()).withDetail("reason", now.reason())
                        .withDetail("since", now.since().toString());
            }
            return health.build();
        };
    }

    /** 1 while the tenant is refused: its rejections counter stops while Maskinporten fails its grant (5xx). */
    @Bean
    public MeterBinder tenantRefusedMetrics(TenantRefusals refusals, Tenants.TenantProperties tenants) {
        return registry -> tenants.tenants().keySet().forEach(org -> Gauge.builder("gateway.tenant.refused", refusals,
                r -> r.refused().containsKey(org) ? 1 : 0).tag("org", org)
                .description("1 while the tenant is refused, else 0").register(registry));
    }

    /** DEGRADED (HTTP 200), not DOWN, while a tenant is refused: the others are served. */
    @Bean
    public HealthIndicator tenantsHealthIndicator(TenantRefusals refusals) {
        return () -> {
            Map<String, Object> refused = new LinkedHashMap<>();
            refusals.refused().forEach((org, refusal) -> refused.put(org, Map.of("refusedBy", refusal.by().name(),
                    "code", refusal.code(), "since", refusal.since().toString(), "attempts", refusal.attempt(),
                    "nextTry", refusal.nextTry().toString())));
            return refused.isEmpty() ? Health.up().build()
                    : Health.status("DEGRADED").withDetail("refused", refused).build();
        };
    }

    /** A warning from 30 days before the key or certificate expires, so that renewal is not a surprise. */
    @Bean
    HealthIndicator maskinportenHealthIndicator(SigningKey key, TokenCache tokens, Clock clock, MeterRegistry meters) {
        ToDoubleFunction<SigningKey> daysLeft = k -> k.notAfter() == null ? Double.NaN
                : Duration.between(clock.instant(), k.notAfter()).toHours() / 24.0;
        Gauge.builder("gateway.signing.key.days.left", key, daysLeft)
                .description("days until the Maskinporten key or certificate expires; NaN when it has no expiry")
                .register(meters);
        return () -> {
            Map.Entry<String, Boolean> failure = tokens.lastFailure(); // a refresh's failure is no outage yet
            Health.Builder health = failure == null ? Health.up() : (failure.getValue() ? Health.status("DEGRADED")
                    : Health.down()).withDetail("lastTokenFailure", failure.getKey());
            health.withDetail("key", key.keyId() != null ? "jwk kid=" + key.keyId() : "business certificate (x5c)");
            if (key.notAfter() != null) {
                long days = (long) Math.floor(daysLeft.applyAsDouble(key));
                health.withDetail("notAfter", key.notAfter().toString()).withDetail("daysLeft", days);
                if (days < 0) {
                    health.down().withDetail("warning", "the key or certificate has expired: renew it");
                } else if (days < 30) {
                    health.withDetail("warning", "the key or certificate expires in " + days + " days: renew it");
                }
            }
            return health.build();
        };
    }

    /** Only where the Kafka channel is on, so readiness ({@code readinessState,kafka}) needs no unused broker. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "gateway.kafka", name = "enabled", havingValue = "true", matchIfMissing = true)
    @EnableConfigurationProperties(KafkaClusterProbe.Settings.class)
    static class KafkaOperations {

        /** Camel is looked up lazily: the health endpoint behind /livez and /readyz is built before Camel. */
        @Bean(destroyMethod = "close")
        KafkaClusterProbe kafkaClusterProbe(ObjectProvider<CamelContext> camel, KafkaClusterProbe.Settings settings,
                                            Clock clock) {
            return new KafkaClusterProbe(() -> KafkaChannelConfiguration.kafkaSettings(camel.getObject(),
                    KafkaConfiguration::createConsumerProperties), settings, clock);
        }

        /** Without a broker, or with a producer that stopped acknowledging, the gateway cannot publish. */
        @Bean
        HealthIndicator kafkaHealthIndicator(KafkaClusterProbe probe, DeniedTopics deniedTopics,
                                             KafkaRecordSender sender) {
            return () -> {
                KafkaClusterProbe.Cluster cluster = probe.cluster();
                Set<String> denied = deniedTopics.recent(); // their records wait; the others are read
                String stalled = sender.stalled();
                return stalled != null ? Health.down().withDetail("publishing", stalled).build()
                        : !cluster.reachable() ? Health.down().withDetail("error", cluster.problem()).build()
                        : (denied.isEmpty() ? Health.up()
                                : Health.status("DEGRADED").withDetail("deniedTopics", denied))
                        .withDetail("clusterId", cluster.clusterId()).withDetail("nodes", cluster.nodes()).build();
            };
        }

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
