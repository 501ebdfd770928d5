// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import java.util.List;
import java.util.Set;
import no.krrgateway.config.ManagementSecurityConfiguration.ManagementProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/** The actuator: anonymous callers get the public endpoints and links; the rest needs {@value #OPERATIONS_SCOPE}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ManagementProperties.class)
public class ManagementSecurityConfiguration {

    public static final String OPERATIONS_SCOPE = "krr-gateway.operations";

    /** Status, build, metrics and the SBOM (dependency versions): none holds a person id or a secret. */
    static final Set<String> MAY_BE_PUBLIC = Set.of("health", "info", "prometheus", "sbom");

    /** @param publicEndpoints actuator endpoints open without a token: only health, info, prometheus and sbom */
    @ConfigurationProperties("gateway.management")
    public record ManagementProperties(@DefaultValue("health") List<String> publicEndpoints) {

        public ManagementProperties {
            publicEndpoints = publicEndpoints == null ? List.of("health") : List.copyOf(publicEndpoints);
            List<String> refused = publicEndpoints.stream().filter(id -> !MAY_BE_PUBLIC.contains(id)).toList();
            if (!refused.isEmpty()) {
                throw new IllegalArgumentException("gateway.management.public-endpoints may list only "
                        + MAY_BE_PUBLIC.stream().sorted().toList() + ", not " + refused + ": other endpoints can "
                        + "hold person ids or secrets and need a token with the scope " + OPERATIONS_SCOPE);
            }
        }
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    SecurityFilterChain managementSecurity(HttpSecurity http, ObjectProvider<JwtDecoder> jwtDecoder,
                                           ManagementProperties management) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .authorizeHttpRequests(requests -> {
                    if (!management.publicEndpoints().isEmpty()) { // EndpointRequest.to() of none is all
                        requests.requestMatchers(EndpointRequest.to(management.publicEndpoints()
                                .toArray(String[]::new))).permitAll();
                    }
                    requests.requestMatchers(EndpointRequest.toLinks()).permitAll()
                            .anyRequest().hasAuthority("SCOPE_" + OPERATIONS_SCOPE);
                })
                .csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
        if (jwtDecoder.getIfAvailable() != null) {
            http.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()));
        }
        return http.build();
    }
}
