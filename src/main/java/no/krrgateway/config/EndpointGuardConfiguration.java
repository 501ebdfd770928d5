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
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Refuses to start with a test door (the simulator or local profile, or the HTTP API without authentication) open
 * towards a real endpoint, or with ids sent over plain http off this machine
 * ({@link EndpointGuard}), and names the active profiles and live endpoints in the start-up log.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties({EndpointGuardProperties.class, SimulatorGuardProperties.class})
public class EndpointGuardConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EndpointGuardConfiguration.class);

    /** The endpoints that passed the check. */
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
        List<String> profiles = profilesInEffect(environment);
        List<String> problems = EndpointGuard.problems(profiles, endpoints, simulator.allowRemote(),
                guard.allowHttp(), api.enabled() && api.auth() == ApiProperties.Auth.NONE);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("refusing to start: " + String.join("; ", problems));
        }
        log.info("Profiles {}; live endpoints: KRR {}, Maskinporten issuer {}, token {}{}{}",
                profiles, Redact.url(krr.baseUrl()),
                Redact.url(maskinporten.issuer()), Redact.url(maskinporten.effectiveTokenUrl()),
                simulator.allowRemote() ? " (gateway.simulator.allow-remote)" : "",
                guard.allowHttp() ? " (gateway.endpoints.allow-http)" : "");
        return new CheckedEndpoints(endpoints);
    }

    /**
     * The profiles whose beans and application-NAME.yml are in force: the active ones (spring.profiles.active and
     * .include, groups expanded), or, when none is active, spring.profiles.default's. Reading the active ones alone
     * let {@code spring.profiles.default=local} open the test doors unguarded.
     */
    static List<String> profilesInEffect(Environment environment) {
        String[] active = environment.getActiveProfiles();
        return Arrays.asList(active.length > 0 ? active : environment.getDefaultProfiles());
    }
}
