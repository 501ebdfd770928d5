// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which KRR and Maskinporten endpoints a gateway may start with. The HTTP API without authentication
 * ({@code gateway.api.auth=none}) next to an endpoint off this machine would be a lookup in a real KRR for anyone who
 * reaches the port, unless {@code gateway.simulator.allow-remote} says that endpoint is a simulator. Off loopback, ids
 * and tokens travel only over https unless {@code gateway.endpoints.allow-http} says the network is trusted.
 */
public final class EndpointGuard {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    public record Endpoint(String property, URI url) {
    }

    private EndpointGuard() {
    }

    public static List<String> problems(List<Endpoint> endpoints, boolean allowRemote, boolean allowHttp,
                                        boolean apiWithoutAuth) {
        List<String> problems = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            if (endpoint.url() == null) {
                continue;
            }
            String shown = endpoint.property() + " (" + Redact.url(endpoint.url()) + ")";
            boolean loopback = isLoopback(endpoint.url());
            if (apiWithoutAuth && !loopback && !allowRemote) {
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
