// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import jakarta.servlet.DispatcherType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.SecurityFilterChain;

/** Spring Security for {@code /api/**}, and Spring Security's response headers on every other path. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
public class ApiSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ApiSecurityConfiguration.class);

    // HttpSecurity exists only in a servlet web application (not with spring.main.web-application-type=none)
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @Order(10)
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiProperties api, ObjectProvider<JwtDecoder> decoders)
            throws Exception {
        http.securityMatcher("/api/**")
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable);
        // API off: no endpoint is served under /api, so requests find that out (404) rather than be asked for a token
        if (!api.enabled() || api.auth() == ApiProperties.Auth.NONE) {
            if (api.enabled()) {
                log.warn("gateway.api.auth is none: the HTTP lookup API at /api/v1/lookups accepts requests WITHOUT "
                        + "authentication. For local runs only.");
            }
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }
        if (decoders.getIfAvailable() == null) {
            throw new IllegalStateException("gateway.api.enabled is true but no token issuer is configured: set "
                    + "spring.security.oauth2.resourceserver.jwt.issuer-uri or .jwk-set-uri, or (local runs only) "
                    + "gateway.api.auth=none");
        }
        var entryPoint = new BearerTokenAuthenticationEntryPoint();
        var denied = new BearerTokenAccessDeniedHandler();
        http.authorizeHttpRequests(requests -> requests
                        // async completion and error pages of a request already let in
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/api/v1/openapi.json").permitAll()
                        .anyRequest().hasAuthority("SCOPE_" + api.requiredScope()))
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> { })
                        .authenticationEntryPoint((request, response, failure) -> {
                            entryPoint.commence(request, response, failure);
                            new ApiProblem(401, "unauthorized", "A valid bearer token is required",
                                    "no bearer token, or one that is expired, badly signed or from another issuer",
                                    null).write(response);
                        })
                        .accessDeniedHandler((request, response, failure) -> {
                            denied.handle(request, response, failure);
                            new ApiProblem(403, "insufficient-scope", "The token lacks the required scope",
                                    "the token must carry the scope " + api.requiredScope(), null).write(response);
                        }));
        return http.build();
    }

    /** Other paths (the probes) are open: without this chain no filter of Spring Security would set their headers. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @Order(Ordered.LOWEST_PRECEDENCE)
    SecurityFilterChain otherPaths(HttpSecurity http) throws Exception {
        return http.csrf(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .build();
    }
}
