// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import no.krrgateway.api.ApiProperties;
import no.krrgateway.krr.KrrProperties;
import no.krrgateway.maskinporten.MaskinportenProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Before any route starts: no auth=none API beside a real KRR, nor plain http, off loopback unless allowed below. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({EndpointGuard.HttpProperties.class, EndpointGuard.SimulatorProperties.class})
public class EndpointGuard {

    private static final Logger log = LoggerFactory.getLogger(EndpointGuard.class);
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    /** @param allowHttp allow plain http to KRR and Maskinporten off loopback, on a trusted (compose) network */
    @ConfigurationProperties("gateway.endpoints")
    public record HttpProperties(@DefaultValue("false") boolean allowHttp) {
    }

    /** @param allowRemote the KRR and Maskinporten endpoints off loopback are a simulator: the API may skip auth */
    @ConfigurationProperties("gateway.simulator")
    public record SimulatorProperties(@DefaultValue("false") boolean allowRemote) {
    }

    public record Endpoint(String property, URI url) {
    }

    EndpointGuard(Environment environment, KrrProperties krr, MaskinportenProperties maskinporten,
                  HttpProperties guard, SimulatorProperties simulator, ApiProperties api) {
        List<String> problems = problems(List.of(new Endpoint("gateway.krr.base-url", krr.baseUrl()),
                        new Endpoint("gateway.maskinporten.issuer", maskinporten.issuer()),
                        new Endpoint("gateway.maskinporten.token-url", maskinporten.effectiveTokenUrl())),
                simulator.allowRemote(), guard.allowHttp(), api.enabled() && api.auth() == ApiProperties.Auth.NONE);
        for (String key : List.of("issuer-uri", "jwk-set-uri")) { // token keys over http: anyone on the way forges
            String property = "spring.security.oauth2.resourceserver.jwt." + key;
            String url = environment.getProperty(property, "");
            problems.addAll(url.isBlank() ? List.of()
                    : problems(List.of(new Endpoint(property, URI.create(url))), true, guard.allowHttp(), false));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("refusing to start: " + String.join("; ", problems));
        }
        String[] active = environment.getActiveProfiles();
        log.info("Profiles {}; live endpoints: KRR {}, Maskinporten issuer {}, token {}{}{}",
                Arrays.asList(active.length > 0 ? active : environment.getDefaultProfiles()), Redact.url(krr.baseUrl()),
                Redact.url(maskinporten.issuer()), Redact.url(maskinporten.effectiveTokenUrl()),
                simulator.allowRemote() ? " (gateway.simulator.allow-remote)" : "",
                guard.allowHttp() ? " (gateway.endpoints.allow-http)" : "");
    }

    public static List<String> problems(List<Endpoint> endpoints, boolean allowRemote, boolean allowHttp,
                                        boolean apiWithoutAuth) {
        List<String> problems = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            String shown = endpoint.property() + " (" + Redact.url(endpoint.url()) + ")";
            boolean loopback = isLoopback(endpoint.url());
            if (apiWithoutAuth && !loopback && allowRemote && isDigdir(endpoint.url())) {
                problems.add("gateway.api.auth=none and " + shown + " is Digdir's, not a simulator: "
                        + "gateway.simulator.allow-remote cannot open the HTTP API to it; set gateway.api.auth=jwt");
            } else if (apiWithoutAuth && !loopback && !allowRemote) {
                problems.add("gateway.api.auth=none and " + shown + " is not on loopback: anyone who reaches the "
                        + "HTTP API could look people up in a real KRR; set gateway.api.auth=jwt with a token issuer "
                        + "(docs/http-api.md), or gateway.simulator.allow-remote=true if that endpoint is a simulator");
            }
            if (!"https".equalsIgnoreCase(endpoint.url().getScheme()) && !loopback && !allowHttp) {
                problems.add(shown + " must use https outside loopback; set gateway.endpoints.allow-http=true only "
                        + "on a trusted network (e.g. a compose network with the simulator)");
            }
        }
        return problems;
    }

    /** KRR's and Maskinporten's own hosts, test environments included. */
    private static boolean isDigdir(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        return host.matches("(.+\\.)?(kontaktregisteret|maskinporten)\\.no");
    }

    /** By name or literal address only: a DNS answer must not decide whether a door opens. */
    public static boolean isLoopback(URI url) {
        String host = url.getHost();
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.equals("localhost") || host.endsWith(".localhost") || IPV4_LOOPBACK.matcher(host).matches()
                || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
    }
}
