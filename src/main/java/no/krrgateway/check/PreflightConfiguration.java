// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import no.krrgateway.api.ApiProperties;
import no.krrgateway.channel.file.FileChannelProperties;
import no.krrgateway.channel.kafka.KafkaChannelProperties;
import no.krrgateway.channel.kafka.KafkaClusterProbe;
import no.krrgateway.id.PersonIdValidator;
import no.krrgateway.krr.KrrClient;
import no.krrgateway.krr.KrrProperties;
import no.krrgateway.krr.SignedAnswers.SignedAnswersProperties;
import no.krrgateway.maskinporten.MaskinportenProperties;
import no.krrgateway.maskinporten.SigningKey;
import no.krrgateway.maskinporten.TokenClient;
import no.krrgateway.tenant.Tenants;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires {@code check}'s checks to the gateway's own beans, so that they test what the gateway will use. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PreflightConfiguration.CheckProperties.class)
public class PreflightConfiguration {

    /** @param testPerson the person id {@code check} looks up in KRR, the only one it ever prints */
    @ConfigurationProperties("gateway.check")
    public record CheckProperties(String testPerson) {
    }

    @Bean
    PreflightCommand.Checks preflight(MaskinportenProperties maskinporten, SigningKey signingKey,
            HttpClient gatewayHttpClient, ObjectMapper mapper, Clock clock, KrrClient krrClient, KrrProperties krr,
            PersonIdValidator validator, CheckProperties check, ObjectProvider<KafkaClusterProbe> probe,
            KafkaChannelProperties.Topics topics, KafkaChannelProperties kafka, SignedAnswersProperties signedAnswers,
            FileChannelProperties files, ApiProperties api, Tenants tenants, CamelContext camel,
            Environment environment) {
        JsonGet get = new JsonGet(gatewayHttpClient, mapper, maskinporten.timeout());
        var mp = new MaskinportenCheck(maskinporten, signingKey, get,
                new TokenClient(gatewayHttpClient, mapper, signingKey, maskinporten, clock), clock);
        List<Supplier<List<CheckLine>>> checks = List.of(
                () -> List.of(mp.key()),
                () -> List.of(mp.wellKnown()),
                mp::tokens,
                () -> List.of(KrrCheck.trustAnchors(signedAnswers, clock)),
                () -> List.of(KrrCheck.lookup(krrClient, krr, validator, check.testPerson())),
                // no probe with gateway.kafka.enabled=false (an API-only instance)
                () -> camel.getRoute("intake-kafka") == null || probe.getIfAvailable() == null
                        ? List.of(CheckLine.skip("kafka", "the Kafka routes are not loaded"))
                        : ChannelChecks.topics(probe.getObject(),
                        tenants.withTenantTopics(topics.byProperty(signedAnswers.keep())),
                        "gateway.topics.requests", kafka.consumers(),
                        environment.getProperty("camel.component.kafka.brokers"), kafka.createTopics()),
                () -> camel.getRoute("intake-file") == null
                        ? List.of(CheckLine.skip("folders", "the file routes are not loaded"))
                        : ChannelChecks.folders(files),
                () -> List.of(ChannelChecks.apiIssuer(api, get, environment)));
        return new PreflightCommand.Checks(checks);
    }
}
