// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The actuator endpoints, closed by default. They live on their own port (management.server.port, bound to
 * 127.0.0.1 unless management.server.address says otherwise); health (status only, and the liveness and readiness
 * probes), info, prometheus, sbom (the dependencies' versions, as info gives the gateway's) and the list of links
 * answer anyone who reaches that port; any other endpoint an operator exposes needs a
 * bearer token. Health details show only to a caller whose token carries a role in
 * {@code management.endpoint.health.roles}; tokens are checked by the JwtDecoder that Spring Boot builds from
 * {@code spring.security.oauth2.resourceserver.jwt.*} (the same resource-server setup an HTTP API uses). Without
 * one, nobody can authenticate and no details are ever shown. The main port is not this chain's concern.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ManagementSecurityConfiguration {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    SecurityFilterChain managementSecurity(HttpSecurity http, ObjectProvider<JwtDecoder> jwtDecoder)
            throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(EndpointRequest.to("health", "info", "prometheus", "sbom")).permitAll()
                        .requestMatchers(EndpointRequest.toLinks()).permitAll()
                        .anyRequest().authenticated())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable());
        if (jwtDecoder.getIfAvailable() != null) {
            http.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()));
        }
        return http.build();
    }
}
