// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import no.krrgateway.audit.AuditTrail;
import no.krrgateway.krr.KrrBatch;
import no.krrgateway.krr.KrrProperties;
import no.krrgateway.maskinporten.TokenCache;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestTally;
import no.krrgateway.tenant.TenantRefusals;
import no.krrgateway.tenant.Tenants.TenantProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.catalina.core.StandardHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.concurrent.DelegatingSecurityContextExecutor;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Present whenever the gateway is (the route file refers to them); served only with gateway.api.enabled. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
public class ApiConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ApiConfiguration.class);

    /** Its pools are Camel's, so they stop with Camel. */
    @Bean
    @SuppressWarnings("unchecked")
    LookupCoalescer apiCoalescer(CamelContext camel, ApiProperties api, KrrProperties krr, ApiMetrics apiMetrics,
                                 AuditTrail auditTrail, TokenCache tokenCache, TenantRefusals tenantRefusals,
                                 TenantProperties tenants) {
        // Each batch through route api-lookup-pass (routes/api-http.camel.yaml): direct:lookup, as every channel's.
        ProducerTemplate lookup = camel.createProducerTemplate();
        // As many lookups at once as KRR calls may be in flight: a batch waits for a free slot while it gathers.
        int calls = krr.maxConcurrentCalls();
        var limits = new LookupCoalescer.Limits(api.coalesceWindow(), krr.batchSize(), calls, api.maxWaitingIds(),
                api.maxWaitingIdsPerClient());
        ExecutorServiceManager executors = camel.getExecutorServiceManager();
        var timer = executors.newSingleThreadScheduledExecutor(this, "api-coalesce-timer");
        var pool = executors.newThreadPool(this, "api-lookup", new ThreadPoolProfileBuilder("api-lookup")
                .poolSize(calls).maxPoolSize(calls).maxQueueSize(-1).build());
        // An org's token not at hand is fetched here first, one fetch per org at a time (WaitingRoom), so a thread per
        // org: a customer's slow Maskinporten grant holds neither a call slot nor another customer's fetch.
        int orgs = tenants.tenants().size() + 1;
        var tokenPool = executors.newThreadPool(this, "api-token", new ThreadPoolProfileBuilder("api-token")
                .poolSize(orgs).maxPoolSize(orgs).maxQueueSize(-1).allowCoreThreadTimeOut(true).build());
        // A failed fetch (a tenant refused, or Maskinporten down) is reported by the lookup that then goes, as before.
        Function<String, CompletableFuture<?>> tokens = org -> tokenCache.atHand(org)
                || org != null && tenantRefusals.refused().containsKey(org) ? null : CompletableFuture.runAsync(
                        () -> tenantRefusals.tokens(List.of(new KrrBatch(List.of(), org))), tokenPool);
        LookupCoalescer coalescer = new LookupCoalescer((work, callers) -> {
            apiMetrics.batch(work.items().size(), callers.size());
            try {
                return (List<PersonOutcome>) lookup.requestBodyAndHeader("direct:api-lookup-pass", work,
                        Caller.SPANS_HEADER, callers, List.class);
            } catch (CamelExecutionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }, limits, timer, pool, tokens, (request, outcomes, gaveUp) -> auditTrail.apiLookedUp(
                RequestTally.of(request.context(), request.consumerOrg(), outcomes), request.clientId(), gaveUp,
                outcomes));
        apiMetrics.waitingIds(coalescer);
        return coalescer;
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnProperty(prefix = "gateway.api", name = "enabled", havingValue = "true")
    FilterRegistrationBean<ApiBodyFilter> apiBodyFilter(ApiProperties api, ApiMetrics apiMetrics) {
        var registration = new FilterRegistrationBean<>(new ApiBodyFilter(api, apiMetrics, new ConcurrentHashMap<>()));
        registration.addUrlPatterns("/api/v1/lookups");
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 10);
        return registration;
    }

    /**
     * Tomcat swallows up to 2 MB of a refused upload's rest; the API's 413 closes the connection instead. A body
     * stalled for the connection timeout (unset Tomcat's 60 s) ends in Tomcat's 500, so the 408 must come first.
     * Tomcat's own 400 is a problem like every other answer ({@link ApiProblem#tomcatErrors}).
     */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> apiNoSwallowOfRefusedBodies(ApiProperties api,
                                                                                         ServerProperties server) {
        Duration reads = Objects.requireNonNullElse(server.getTomcat().getConnectionTimeout(), Duration.ofSeconds(60));
        if (api.enabled() && reads.compareTo(api.bodyTimeout()) <= 0) {
            throw new IllegalStateException("server.tomcat.connection-timeout (" + reads + ") must be longer than "
                    + "gateway.api.body-timeout (" + api.bodyTimeout() + "): Tomcat ends a body stalled that long "
                    + "with a 500, before the API's 408");
        }
        return factory -> factory.addContextCustomizers(context -> {
            context.setSwallowAbortedUploads(false);
            var problems = ApiProblem.tomcatErrors(); // after Boot's error report valve, so it reports first
            StandardHost host = (StandardHost) context.getParent();
            host.setErrorReportValveClass(problems.getClass().getName()); // so the host adds no other at its start
            host.getPipeline().addValve(problems);
        });
    }

    /** Spring MVC's async timeout (unset: the container's 30 s) would answer a bare 503 before gateway.api.timeout. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    WebMvcConfigurer apiWebMvc(ApiProperties api, ApiMetrics metrics) {
        return new WebMvcConfigurer() {
            @Override // after Boot's (order 0), which sets spring.mvc.async.request-timeout; only the API is async
            public void configureAsyncSupport(AsyncSupportConfigurer async) {
                async.setDefaultTimeout(api.timeout().plusSeconds(5).toMillis());
            }

            @Override // before Spring's own, which would answer with Boot's error page
            public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
                resolvers.add(0, (request, response, handler, e) -> ApiProblem.notTaken(request, response, e, metrics));
            }
        };
    }

    /**
     * Own threads: each waiting request holds one, and Spring's task executor (8 threads) would cap coalescing. With
     * all busy a request is refused (ApiBodyFilter answers it, and holds each client to its share), never run on the
     * web server's thread that the probes and every other caller share.
     */
    @Bean(name = "platform-http-engine")
    PlatformHttpEngine platformHttpEngine(ApiProperties api, @Value("${server.port:8080}") int port) {
        ThreadPoolTaskExecutor requests = new ThreadPoolTaskExecutorBuilder().corePoolSize(api.maxConcurrentRequests())
                .maxPoolSize(api.maxConcurrentRequests()).queueCapacity(0).allowCoreThreadTimeOut(true)
                .keepAlive(Duration.ofSeconds(60)).threadNamePrefix("api-request-").customizers(pool -> {
                    pool.setDaemon(true);
                    pool.setRejectedExecutionHandler((request, all) -> {
                        throw ApiProblem.busy(api.retryAfter());
                    });
                }).build();
        requests.initialize();
        // Each request's thread carries the caller's security context (Caller.clientId reads it).
        return new SpringBootPlatformHttpEngine(port, new DelegatingSecurityContextExecutor(requests));
    }

    // HttpSecurity exists only in a servlet web application (not with spring.main.web-application-type=none)
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @Order(10)
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiProperties api, ObjectProvider<JwtDecoder> decoders,
                                    ApiMetrics apiMetrics) throws Exception {
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
        var bearer = new BearerTokenAuthenticationEntryPoint();
        AuthenticationEntryPoint unauthorized = (request, response, failure) -> {
            bearer.commence(request, response, failure);
            new ApiProblem(401, "unauthorized", "A valid bearer token is required",
                    "no bearer token, or one that is expired, badly signed or from another issuer", null)
                    .refuse(response, apiMetrics, System.nanoTime());
        };
        http.authorizeHttpRequests(requests -> requests
                        // async completion and error pages of a request already let in
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/api/v1/openapi.json").permitAll()
                        .anyRequest().hasAuthority("SCOPE_" + api.requiredScope()))
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> { })
                        .authenticationEntryPoint(unauthorized)
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override // an issuer not answering is the gateway's failure: a problem, not Boot's page
                            public <F extends BearerTokenAuthenticationFilter> F postProcess(F filter) {
                                filter.setAuthenticationFailureHandler((request, response, failure) -> {
                                    if (failure instanceof AuthenticationServiceException issuerFailed) {
                                        ApiProblem.of(issuerFailed).refuse(response, apiMetrics, System.nanoTime());
                                    } else {
                                        unauthorized.commence(request, response, failure);
                                    }
                                });
                                return filter;
                            }
                        })
                        .accessDeniedHandler((request, response, failure) -> {
                            new BearerTokenAccessDeniedHandler().handle(request, response, failure);
                            new ApiProblem(403, "insufficient-scope", "The token lacks the required scope",
                                    "the token must carry the scope " + api.requiredScope(), null)
                                    .refuse(response, apiMetrics, System.nanoTime());
                        }));
        return http.build();
    }

    /** Other paths (the probes) are open: without this chain no filter of Spring Security would set their headers. */
    @Bean // last, as any bean without an @Order
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain otherPaths(HttpSecurity http) throws Exception {
        return http.csrf(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
    }
}
