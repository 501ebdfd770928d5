// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import no.krrgateway.channel.kafka.AtLeastOnceDelivery;
import no.krrgateway.channel.kafka.BatchLimit;
import no.krrgateway.channel.kafka.ExactlyOnceDelivery;
import no.krrgateway.channel.kafka.KafkaChannelProperties;
import no.krrgateway.channel.kafka.KafkaDelivery;
import no.krrgateway.channel.kafka.KafkaEvidenceRecords;
import no.krrgateway.channel.kafka.KafkaTransactions;
import no.krrgateway.channel.kafka.KafkaOutcomeRecords;
import no.krrgateway.channel.kafka.KafkaRecordSender;
import no.krrgateway.channel.kafka.LookupRequestParser;
import no.krrgateway.channel.kafka.PartitionOwnership;
import no.krrgateway.channel.kafka.PoisonRecords;
import no.krrgateway.channel.kafka.RequestRecords;
import no.krrgateway.channel.kafka.TopicsProperties;
import no.krrgateway.id.PersonIdValidator;
import no.krrgateway.id.ValidationProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import no.krrgateway.krr.KrrCallObserver;
import no.krrgateway.limits.InputLimitsProperties;
import no.krrgateway.krr.KrrCircuit;
import no.krrgateway.krr.KrrCircuitProperties;
import no.krrgateway.krr.KrrClient;
import no.krrgateway.krr.KrrProperties;
import no.krrgateway.krr.SignedAnswers;
import org.springframework.beans.factory.ObjectProvider;
import no.krrgateway.channel.HoldBackRoutePolicy;
import no.krrgateway.health.IntakePartitionsHealthIndicator;
import no.krrgateway.health.LookupHealthIndicator;
import no.krrgateway.health.MaskinportenHealthIndicator;
import no.krrgateway.health.TenantsHealthIndicator;
import no.krrgateway.lookup.HoldBackProperties;
import no.krrgateway.lookup.LookupAvailability;
import no.krrgateway.lookup.LookupPlanner;
import no.krrgateway.lookup.RejectionHalving;
import no.krrgateway.maskinporten.GrantAssertionBuilder;
import no.krrgateway.maskinporten.MaskinportenProperties;
import no.krrgateway.maskinporten.SigningKey;
import no.krrgateway.maskinporten.SigningKeyLoader;
import no.krrgateway.maskinporten.TokenCache;
import no.krrgateway.maskinporten.TokenClient;
import no.krrgateway.maskinporten.TokenRequest;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.tenant.TenantProperties;
import no.krrgateway.tenant.TenantRefusals;
import no.krrgateway.tenant.Tenants;
import no.krrgateway.verdict.Section32Rule;
import no.krrgateway.verdict.VarslingProperties;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the gateway's plain Java classes together; the beans the routes call are named as the routes name them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({KrrProperties.class, MaskinportenProperties.class, VarslingProperties.class,
        ValidationProperties.class, KafkaChannelProperties.class, TopicsProperties.class, HoldBackProperties.class,
        KrrCircuitProperties.class, ShutdownProperties.class, InputLimitsProperties.class,
        TenantProperties.class})
public class GatewayConfiguration {

    @Bean
    HttpClient gatewayHttpClient() {
        // No redirects and no retries of its own: the clients decide what to retry.
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Bean
    SigningKey signingKey(MaskinportenProperties properties, Clock clock) {
        return SigningKeyLoader.load(properties, clock);
    }

    @Bean
    TokenCache tokenCache(HttpClient gatewayHttpClient, ObjectMapper mapper, MaskinportenProperties properties,
                          SigningKey signingKey, Clock clock, MeterRegistry meters, ObservationRegistry observations) {
        var grants = new GrantAssertionBuilder(signingKey, properties, clock);
        var client = new TokenClient(gatewayHttpClient, mapper, grants, properties, clock);
        // a span per fetch, retries included (docs/operations.md, "Traces"), and its timer maskinporten_token_seconds
        return new TokenCache(request -> Observation.createNotStarted("maskinporten.token", observations)
                .contextualName("maskinporten token")
                .lowCardinalityKeyValue("consumer.org", request.consumerOrg() == null ? "own" : request.consumerOrg())
                .observe(() -> client.fetch(request)), clock, TokenRequest.of(properties),
                properties.refreshAheadMin(), properties.refreshAheadFraction(), meters);
    }

    @Bean
    CircuitBreaker krrCircuit(KrrCircuitProperties properties, KrrProperties krr, MeterRegistry meters) {
        return KrrCircuit.create(properties, krr.maxConcurrentCalls(), meters);
    }

    @Bean
    KrrClient krrClient(HttpClient gatewayHttpClient, ObjectMapper mapper, TokenCache tokenCache,
                        KrrProperties properties, KrrCallObserver krrCallObserver,
                        ObjectProvider<SignedAnswers> signedAnswers) {
        return new KrrClient(gatewayHttpClient, mapper, tokenCache, properties, krrCallObserver,
                signedAnswers.getIfAvailable());
    }

    /**
     * Route lookup-batch's split into KRR calls runs on this one pool, shared by every consumer, so its size
     * (gateway.krr.max-concurrent-calls) caps KRR calls in flight. Its queue is unbounded: a call waits for a thread
     * instead of being refused. It cannot deadlock: its threads only make calls (and the split's own short steps),
     * never wait for another task on it; the lookups wait on their own threads (the split is synchronous) and the
     * halving of a rejected call splits sequentially, on the thread that made the call.
     */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService krrCallPool(CamelContext camel, KrrProperties properties) {
        int calls = properties.maxConcurrentCalls();
        return camel.getExecutorServiceManager().newThreadPool(this, "krr-call",
                new ThreadPoolProfileBuilder("krr-call").poolSize(calls).maxPoolSize(calls).maxQueueSize(-1).build());
    }

    @Bean
    LookupAvailability lookupAvailability(Clock clock) {
        return new LookupAvailability(clock);
    }

    /** Route lookup-batch's steps: validate and plan the KRR calls, and judge the answers (§32). */
    @Bean
    LookupPlanner lookupPlanner(ValidationProperties validation, VarslingProperties varsling, Clock clock,
                                KrrProperties krr) {
        return new LookupPlanner(new PersonIdValidator(validation.allowSynthetic()), krr.batchSize(),
                new Section32Rule(clock, varsling.maxAge()));
    }

    /** Route lookup-batch's split gathers KRR's answers in a list, in the order of the calls. */
    @Bean
    AggregationStrategy krrAnswers() {
        return new GroupedBodyAggregationStrategy();
    }

    /** Route krr-halving's steps. */
    @Bean
    RejectionHalving rejectionHalving() {
        return new RejectionHalving();
    }

    /** Route policy of the intake routes ({@code routePolicy: holdBack} in routes/intake-*.camel.yaml). */
    @Bean
    HoldBackRoutePolicy holdBack(TokenCache tokenCache, LookupAvailability lookupAvailability,
                                 HoldBackProperties holdBack, CamelContext camel) {
        HoldBackRoutePolicy policy = new HoldBackRoutePolicy(tokenCache, lookupAvailability, holdBack.initialDelay(),
                holdBack.maxDelay(), camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                        "hold-back"));
        lookupAvailability.addListener(policy);
        return policy;
    }

    /** Route krr-halving's steps for a tenant whose grant or token is refused: its refusal stops no one else. */
    @Bean(destroyMethod = "close")
    TenantRefusals tenantRefusals(TokenCache tokenCache, HoldBackProperties holdBack, Clock clock,
                                  MeterRegistry meters, TenantProperties tenants, CamelContext camel) {
        // Each tenant's counter from 0, so that an alert on its increase sees the first refusal.
        tenants.tenants().keySet().forEach(org -> meters.counter(TenantRefusals.REJECTIONS, "org", org));
        return new TenantRefusals(tokenCache::renew, holdBack.initialDelay(), holdBack.maxDelay(), clock, meters,
                camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "tenant-retry"));
    }

    /** Health component {@code tenants}. */
    @Bean
    TenantsHealthIndicator tenantsHealthIndicator(TenantRefusals tenantRefusals) {
        return new TenantsHealthIndicator(tenantRefusals);
    }

    @Bean
    LookupHealthIndicator krrHealthIndicator(LookupAvailability lookupAvailability, HoldBackRoutePolicy holdBack,
                                             CircuitBreaker krrCircuit) {
        return new LookupHealthIndicator(lookupAvailability, holdBack, krrCircuit);
    }

    @Bean
    MaskinportenHealthIndicator maskinportenHealthIndicator(SigningKey signingKey, TokenCache tokenCache,
                                                            Clock clock, MeterRegistry meters) {
        MaskinportenHealthIndicator indicator = new MaskinportenHealthIndicator(signingKey, tokenCache, clock);
        Gauge.builder("gateway.signing.key.days.left", indicator, MaskinportenHealthIndicator::daysLeft)
                .description("days until the Maskinporten key or certificate expires; -1 when it has no expiry")
                .register(meters);
        return indicator;
    }

    @Bean
    OutcomeJson outcomeJson(ObjectMapper mapper) {
        return new OutcomeJson(mapper);
    }

    /** Who may act for which customer: the gateway's own org, and gateway.tenants.* (API clients, Kafka topics). */
    @Bean
    Tenants tenants(MaskinportenProperties maskinporten, TopicsProperties topics, TenantProperties tenants,
                    Environment environment) {
        if (Binder.get(environment).bind("gateway.maskinporten.consumer-orgs", Bindable.listOf(String.class))
                .isBound()) {
            throw new IllegalStateException("gateway.maskinporten.consumer-orgs is no longer read: it let any API "
                    + "client and any producer act for the listed orgs. List each org as gateway.tenants.<org> with "
                    + "its api-clients and request-topics instead (CHANGELOG.md)");
        }
        return new Tenants(maskinporten.consumerOrg(), topics.requests(), tenants.tenants());
    }

    /** Route intake-kafka's steps, for gateway.kafka.delivery. */
    @Bean
    KafkaDelivery kafkaDelivery(KafkaChannelProperties kafka, InputLimitsProperties limits,
                                ObjectMapper mapper, Tenants tenants, TopicsProperties topics, Clock clock,
                                KafkaOutcomeRecords outcomes, KafkaEvidenceRecords evidence,
                                PartitionOwnership partitionOwnership, KafkaRecordSender kafkaRecordSender,
                                KafkaTransactions kafkaTransactions, BatchLimit kafkaBatchLimit,
                                no.krrgateway.audit.AuditTrail auditTrail) {
        var setup = new KafkaDelivery.Setup(kafkaBatchLimit,
                new RequestRecords(new LookupRequestParser(mapper, limits.limits()), limits.limits(), tenants),
                limits.idsPerSlice(), new PoisonRecords(kafka.maxAttempts()), outcomes, evidence, mapper,
                topics.completed(), clock, partitionOwnership, kafka.maxPollInterval(), auditTrail);
        if (kafka.delivery() == KafkaChannelProperties.Delivery.AT_LEAST_ONCE) {
            return new AtLeastOnceDelivery(setup, kafkaRecordSender);
        }
        return new ExactlyOnceDelivery(setup, kafkaTransactions);
    }

    /** How many records a Kafka batch takes (read by the ITs that slow KRR down). */
    @Bean
    BatchLimit kafkaBatchLimit(KafkaChannelProperties kafka) {
        return new BatchLimit(kafka.maxPollRecords(), kafka.maxPollInterval());
    }

    /**
     * Exactly-once delivery's transactional producers, made before the consumers' first poll (never in
     * at-least-once) with the kafka component's producer settings, so they reach the broker as camel-kafka's consumer
     * does.
     */
    @Bean(destroyMethod = "close")
    KafkaTransactions kafkaTransactions(CamelContext camel, KafkaChannelProperties kafka,
                                        PartitionOwnership partitionOwnership) {
        KafkaTransactions transactions = new KafkaTransactions(transactionalId -> new KafkaProducer<>(
                KafkaTransactions.transactional(componentProducerSettings(camel), transactionalId,
                        kafka.transactionTimeout())),
                kafka.groupId() + "-" + kafka.instanceId(), kafka.consumers(), kafka.transactionTimeout());
        if (kafka.delivery() == KafkaChannelProperties.Delivery.EXACTLY_ONCE) {
            partitionOwnership.beforeJoining(transactions::initialiseProducers);
        }
        return transactions;
    }

    /** The idempotent producer of at-least-once delivery and the API's evidence, made on first use. */
    @Bean(destroyMethod = "close")
    KafkaRecordSender kafkaRecordSender(CamelContext camel) {
        return new KafkaRecordSender(() -> {
            var settings = KafkaTransactions.idempotent(componentProducerSettings(camel));
            settings.putIfAbsent(org.apache.kafka.clients.producer.ProducerConfig.CLIENT_ID_CONFIG,
                    KafkaRecordSender.CLIENT_ID);
            return new KafkaProducer<>(settings);
        });
    }

    /** The kafka component's producer settings (camel.component.kafka.*: brokers, security, compression, ...). */
    private static java.util.Properties componentProducerSettings(CamelContext camel) {
        var configuration = camel.getComponent("kafka", KafkaComponent.class).getConfiguration();
        var base = configuration.createProducerProperties();
        // camel-kafka's producer adds the brokers itself, outside createProducerProperties
        base.put(org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, configuration.getBrokers());
        return base;
    }

    @Bean
    KafkaOutcomeRecords kafkaOutcomeRecords(OutcomeJson outcomeJson, TopicsProperties topics) {
        return new KafkaOutcomeRecords(outcomeJson, topics);
    }

    /** Bean name fixed by camel-kafka (KafkaConstants.KAFKA_SUBSCRIBE_ADAPTER). */
    @Bean(name = "subscribeAdapter")
    PartitionOwnership partitionOwnership(MeterRegistry meters, KafkaChannelProperties kafka) {
        return new PartitionOwnership(meters, kafka.consumers());
    }

    @Bean
    IntakePartitionsHealthIndicator intakePartitionsHealthIndicator(PartitionOwnership partitionOwnership) {
        return new IntakePartitionsHealthIndicator(partitionOwnership);
    }

    /**
     * Values the routes need that no property holds as such, and the graceful-shutdown limit: a stop waits this long
     * for in-flight batches, then abandons them uncommitted.
     */
    @Bean
    CamelContextConfiguration routeSettings(ShutdownProperties shutdown, KafkaChannelProperties kafka,
                                            Tenants tenants,
                                            @Value("${camel.component.kafka.brokers:}") String brokers) {
        if (brokers.isBlank()) {
            throw new IllegalStateException("camel.component.kafka.brokers is not set: give the Kafka bootstrap "
                    + "servers (environment CAMEL_COMPONENT_KAFKA_BROKERS)");
        }
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                camelContext.getShutdownStrategy().setTimeUnit(TimeUnit.MILLISECONDS);
                camelContext.getShutdownStrategy().setTimeout(shutdown.shutdownTimeout().toMillis());
                camelContext.getShutdownStrategy().setShutdownNowOnTimeout(true);
                // gateway.topics.requests and every tenant's request-topics, as camel-kafka's list of topics
                camelContext.getPropertiesComponent()
                        .addInitialProperty("gateway.route.request-topics", String.join(",", tenants.requestTopics()));
                camelContext.getPropertiesComponent()
                        .addInitialProperty("gateway.route.isolation-level", kafka.delivery().isolationLevel());
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
            }
        };
    }
}
