// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import java.util.Arrays;
import java.util.List;
import no.krrgateway.api.ApiProperties;
import no.krrgateway.config.EndpointGuard.Endpoint;
import no.krrgateway.krr.KrrProperties;
import no.krrgateway.maskinporten.MaskinportenProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Refuses to start with the HTTP API without authentication next to a real endpoint, or with ids sent over plain http
 * off this machine ({@link EndpointGuard}), and names the profiles and live endpoints in the start-up log.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({EndpointGuardProperties.class, SimulatorGuardProperties.class})
public class EndpointGuardConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EndpointGuardConfiguration.class);

    public record CheckedEndpoints(List<Endpoint> endpoints) {
    }

    /** A bean so that the check runs while the context starts, before any route does. */
    @Bean
    CheckedEndpoints checkedEndpoints(Environment environment, KrrProperties krr, MaskinportenProperties maskinporten,
                                    EndpointGuardProperties guard, SimulatorGuardProperties simulator,
                                    ApiProperties api) {
        List<Endpoint> endpoints = List.of(new Endpoint("gateway.krr.base-url", krr.baseUrl()),
                new Endpoint("gateway.maskinporten.issuer", maskinporten.issuer()),
                new Endpoint("gateway.maskinporten.token-url", maskinporten.effectiveTokenUrl()));
        List<String> problems = EndpointGuard.problems(endpoints, simulator.allowRemote(), guard.allowHttp(),
                api.enabled() && api.auth() == ApiProperties.Auth.NONE);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("refusing to start: " + String.join("; ", problems));
        }
        String[] active = environment.getActiveProfiles();
        log.info("Profiles {}; live endpoints: KRR {}, Maskinporten issuer {}, token {}{}{}",
                Arrays.asList(active.length > 0 ? active : environment.getDefaultProfiles()), Redact.url(krr.baseUrl()),
                Redact.url(maskinporten.issuer()), Redact.url(maskinporten.effectiveTokenUrl()),
                simulator.allowRemote() ? " (gateway.simulator.allow-remote)" : "",
                guard.allowHttp() ? " (gateway.endpoints.allow-http)" : "");
        return new CheckedEndpoints(endpoints);
    }
}
