// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import jakarta.validation.constraints.NotNull;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import no.krrgateway.api.ApiProperties;
import no.krrgateway.audit.AuditTrail;
import no.krrgateway.audit.AuditTrail.AuditProperties;
import no.krrgateway.channel.kafka.KafkaChannelProperties;
import no.krrgateway.krr.SignedAnswers.SignedAnswersProperties;
import no.krrgateway.limits.InputLimits;
import no.krrgateway.channel.HoldBackRoutePolicy;
import no.krrgateway.lookup.LookupAvailability;
import no.krrgateway.lookup.LookupAvailability.HoldBackProperties;
import no.krrgateway.maskinporten.MaskinportenProperties;
import no.krrgateway.maskinporten.SigningKey;
import no.krrgateway.maskinporten.TokenCache;
import no.krrgateway.maskinporten.TokenClient;
import no.krrgateway.outcome.OutcomeJson;
import no.krrgateway.retry.HttpAnswers;
import no.krrgateway.tenant.TenantRefusals;
import no.krrgateway.tenant.Tenants;
import no.krrgateway.tenant.Tenants.TenantProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.util.concurrent.SizedScheduledExecutorService;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.JwkSetUriJwtDecoderBuilderCustomizer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.validation.annotation.Validated;

/** Wires the gateway's plain Java classes together; the beans the routes call are named as the routes name them. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({MaskinportenProperties.class, KafkaChannelProperties.class,
        KafkaChannelProperties.Topics.class, HoldBackProperties.class, GatewayConfiguration.ShutdownProperties.class,
        InputLimits.class, TenantProperties.class, AuditProperties.class})
@Import(OutcomeJson.class)
public class GatewayConfiguration {

    /** @param shutdownTimeout how long a stop (SIGTERM) waits for in-flight batches, then abandons them uncommitted */
    @Validated
    @ConfigurationProperties("gateway")
    public record ShutdownProperties(@DefaultValue("30s") @NotNull @DurationMin(millis = 1, message =
            "gateway.shutdown-timeout must be at least 1ms") Duration shutdownTimeout) {
    }

    /** One clock for every time-based decision, so tests can fix the date; the simulator imports it alone. */
    @Configuration(proxyBeanMethods = false)
    public static class ClockConfiguration {

        @Bean
        @ConditionalOnMissingBean
        Clock clock() {
            return Clock.systemUTC();
        }
    }

    @Bean
    HttpClient gatewayHttpClient() {
        // No redirects and no retries of its own: the clients decide what to retry.
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The API's and the actuator's token issuer is asked for its keys on a caller's thread: never longer than this. */
    @Bean
    JwkSetUriJwtDecoderBuilderCustomizer issuerTimeout(HttpClient gatewayHttpClient, ApiProperties api) {
        return decoder -> decoder.restOperations(HttpAnswers.restTemplate(gatewayHttpClient, api.timeout()));
    }

    @Bean
    SigningKey signingKey(MaskinportenProperties properties, Clock clock) {
        return SigningKey.load(properties, clock);
    }

    @Bean
    TokenCache tokenCache(HttpClient gatewayHttpClient, ObjectMapper mapper, MaskinportenProperties properties,
                          SigningKey signingKey, Clock clock, MeterRegistry meters, ObservationRegistry observations) {
        var client = new TokenClient(gatewayHttpClient, mapper, signingKey, properties, clock);
        // a span per fetch, retries included (docs/operations.md, "Traces"), and its timer maskinporten_token_seconds
        return new TokenCache(request -> Observation.createNotStarted("maskinporten.token", observations)
                .contextualName("maskinporten token")
                .lowCardinalityKeyValue("consumer.org", request.consumerOrg() == null ? "own" : request.consumerOrg())
                .observe(() -> client.fetch(request)), clock, properties, meters);
    }

    @Bean
    HoldBackRoutePolicy holdBack(TokenCache tokenCache, LookupAvailability lookupAvailability,
                                 HoldBackProperties holdBack, CamelContext camel) {
        HoldBackRoutePolicy policy = new HoldBackRoutePolicy(tokenCache, lookupAvailability, holdBack.initialDelay(),
                holdBack.maxDelay(), scheduler(camel, "hold-back"));
        lookupAvailability.addListener(policy);
        return policy;
    }

    @Bean(destroyMethod = "close")
    TenantRefusals tenantRefusals(TokenCache tokenCache, HoldBackProperties holdBack, Clock clock,
                                  MeterRegistry meters, TenantProperties tenants, CamelContext camel) {
        // Each tenant's counter from 0, so that an alert on its increase sees the first refusal.
        tenants.tenants().keySet().forEach(org -> meters.counter(TenantRefusals.REJECTIONS, "org", org));
        return new TenantRefusals(tokenCache::token, tokenCache::renew, holdBack.initialDelay(), holdBack.maxDelay(),
                clock, meters, scheduler(camel, "tenant-retry"));
    }

    /** Stopped with Camel, dropping what is still pending: else its stop waits up to 10 s for it, and runs it. */
    private ScheduledExecutorService scheduler(CamelContext camel, String name) {
        var scheduler = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, name);
        ((SizedScheduledExecutorService) scheduler).getScheduledThreadPoolExecutor()
                .setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return scheduler;
    }

    @Bean
    AuditTrail auditTrail(Clock clock, ObjectMapper mapper, MaskinportenProperties maskinporten,
                          AuditProperties properties) {
        return new AuditTrail(clock, mapper, maskinporten.consumerOrg(), properties);
    }

    @Bean
    Tenants tenants(MaskinportenProperties maskinporten, KafkaChannelProperties.Topics topics, TenantProperties tenants,
                    SignedAnswersProperties signedAnswers, Environment environment) {
        if (Binder.get(environment).bind("gateway.maskinporten.consumer-orgs", Bindable.listOf(String.class))
                .isBound()) {
            throw new IllegalStateException("gateway.maskinporten.consumer-orgs is no longer read: it let any API "
                    + "client and any producer act for the listed orgs. List each org as gateway.tenants.<org> with "
                    + "its api-clients and request-topics instead (CHANGELOG.md)");
        }
        Tenants all = new Tenants(maskinporten.consumerOrg(), topics.requests(), tenants.tenants());
        all.withTenantTopics(topics.byProperty(signedAnswers.keep())); // refuses a topic named twice
        return all;
    }
}
