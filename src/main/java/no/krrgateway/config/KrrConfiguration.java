// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import no.krrgateway.api.ApiProperties;
import no.krrgateway.channel.kafka.KafkaChannelProperties;
import no.krrgateway.id.PersonIdValidator;
import no.krrgateway.krr.KrrProperties;
import no.krrgateway.krr.SignedAnswers;
import no.krrgateway.krr.SignedAnswers.SignedAnswersProperties;
import no.krrgateway.lookup.LookupPlan;
import no.krrgateway.verdict.Section32Rule;
import no.krrgateway.verdict.Section32Rule.VarslingProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.util.concurrent.CamelThreadFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The lookup's KRR calls: the plan, the pool and circuit they run in, and signed answers when they are on. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({KrrProperties.class, VarslingProperties.class, PersonIdValidator.class,
        SignedAnswersProperties.class})
public class KrrConfiguration {

    @Bean
    CircuitBreaker krrCircuit(KrrProperties krr, MeterRegistry meters) {
        return krr.circuit().circuitBreaker(krr.maxConcurrentCalls(), meters);
    }

    // One pool for all consumers caps KRR calls in flight. Unbounded queue, no deadlock: its threads only make calls
    // (split and halving run on the caller). Camel's ExecutorServiceManager: 29,600 ids/s to this 37,500 (bench a).
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService krrCallPool(KrrProperties properties, MeterRegistry meters) {
        ExecutorService pool = Executors.newFixedThreadPool(properties.maxConcurrentCalls(),
                new CamelThreadFactory("krr-call-#counter#", "krr-call", true));
        // KRR calls in flight and waiting for a thread: executor_*{name="krr-call"}
        new ExecutorServiceMetrics(pool, "krr-call", List.of()).bindTo(meters);
        return pool;
    }

    @Bean
    LookupPlan.Planner lookupPlanner(PersonIdValidator validator, VarslingProperties varsling, Clock clock,
                                     KrrProperties krr) {
        return new LookupPlan.Planner(validator, krr.batchSize(), new Section32Rule(clock, varsling.maxAge()));
    }

    @Bean
    @ConditionalOnProperty(name = "gateway.krr.signed-answers.enabled", havingValue = "true")
    SignedAnswers signedAnswers(SignedAnswersProperties properties, Clock clock, MeterRegistry meters,
                                KrrProperties krr, KafkaChannelProperties kafka, ApiProperties api,
                                CamelContext camel) {
        if (properties.keep() && (kafka.enabled() || api.enabled())) { // the API's evidence goes to Kafka too
            KafkaConfiguration producer = camel.getComponent("kafka", KafkaComponent.class).getConfiguration();
            if (producer.getBrokers() == null || producer.getBrokers().isBlank()) { // an API-only instance's
                throw new IllegalStateException("camel.component.kafka.brokers is not set: gateway.krr.signed-answers"
                        + ".keep publishes to Kafka (environment CAMEL_COMPONENT_KAFKA_BROKERS)");
            }
            // A record over max.request.size fails its ids; 4 KB per person, 32 KB its header (nimbus: 20,000 chars)
            Integer maxRequestSize = producer.getMaxRequestSize();
            long limit = maxRequestSize == null ? 1_048_576 : maxRequestSize;
            long needed = krr.batchSize() * 4096L + 32_768;
            if (limit < needed) {
                throw new IllegalStateException("gateway.krr.signed-answers.keep publishes each signed KRR answer as "
                        + "one record, up to " + needed + " bytes for gateway.krr.batch-size=" + krr.batchSize()
                        + ", but camel.component.kafka.max-request-size is " + limit + ": raise it (and the evidence "
                        + "topic's max.message.bytes) to at least " + needed + ", or lower gateway.krr.batch-size "
                        + "(docs/evidence.md)");
            }
        }
        List<X509Certificate> anchors = SignedAnswersProperties.readAnchors(properties.trustAnchors());
        // after the first anchor expires, every answer chained to it is refused (check's trust anchors line alike)
        X509Certificate first = anchors.stream().min(Comparator.comparing(X509Certificate::getNotAfter)).orElseThrow();
        Instant firstExpiry = first.getNotAfter().toInstant();
        if (firstExpiry.isBefore(clock.instant())) {
            throw new IllegalStateException("gateway.krr.signed-answers.trust-anchors: " + properties.trustAnchors()
                    + " holds a CA certificate that expired " + firstExpiry + " ("
                    + first.getSubjectX500Principal().getName() + "); replace it with KRR's current CA");
        }
        Gauge.builder("gateway.krr.trust.anchor.days.left", () -> Duration.between(clock.instant(), firstExpiry)
                        .toDays())
                .description("days until the first of gateway.krr.signed-answers.trust-anchors expires")
                .register(meters);
        Counter failures = Counter.builder("gateway.krr.signature.failures")
                .description("KRR answers refused because their signature, certificate chain or signer failed "
                        + "verification")
                .register(meters);
        return new SignedAnswers(anchors, properties.signerOrg(), properties.keep(), clock, failures::increment);
    }
}
