// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import no.krrgateway.maskinporten.GrantAssertionBuilder;
import no.krrgateway.maskinporten.MaskinportenProperties;
import no.krrgateway.maskinporten.SigningKey;
import no.krrgateway.maskinporten.TokenCache;
import no.krrgateway.maskinporten.TokenClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class MaskinportenConfiguration {

    @Bean
    SigningKey signingKey(MaskinportenProperties properties, Clock clock) {
        return SigningKey.load(properties, clock);
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
                .observe(() -> client.fetch(request)), clock, properties, meters);
    }
}
