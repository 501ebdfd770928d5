// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Reads a running gateway's actuator endpoints over real HTTP, as a probe or a Prometheus server would. */
public final class Actuator {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Actuator() {
    }

    /** One GET's answer. */
    public record Response(int status, String body) {
    }

    /** The port the actuator answers on: management's own, or the server's when they share one. */
    public static int port(ConfigurableApplicationContext gateway) {
        String management = gateway.getEnvironment().getProperty("local.management.port");
        return management != null ? Integer.parseInt(management)
                : ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    public static Response get(ConfigurableApplicationContext gateway, String path) {
        return get("localhost", port(gateway), path);
    }

    /** A GET on the main port (server.port), where the probes' additional paths /livez and /readyz are served. */
    public static Response getOnServerPort(ConfigurableApplicationContext gateway, String path) {
        return get("localhost", ((WebServerApplicationContext) gateway).getWebServer().getPort(), path);
    }

    /** A GET on the given host and port, e.g. a pod-network address rather than loopback. */
    public static Response get(String host, int port, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port
                            + path)).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        }
    }
}
