// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import no.krrgateway.KrrGatewayApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The built-in KRR and Maskinporten simulator, run as its own application on a loopback port. */
public final class SimulatorServer implements AutoCloseable {

    public static final String CLIENT_ID = "krr-gateway-test";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ConfigurableApplicationContext context;
    private final int port;

    private SimulatorServer(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public static SimulatorServer start(Path clientJwk, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.application.name", "krr-simulator");
        properties.put("gateway.simulator.maskinporten.clients[0].client-id", CLIENT_ID);
        properties.put("gateway.simulator.maskinporten.clients[0].jwk-path", clientJwk.toString());
        properties.putAll(extra);
        return new SimulatorServer(new SpringApplicationBuilder(KrrGatewayApplication.class)
                .profiles("simulator", "simulator-only")
                .run(GatewayProcess.args(properties)));
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** The properties that point a gateway at this simulator. */
    public Map<String, Object> gatewayProperties(Path clientJwk) {
        return Map.of(
                "gateway.krr.base-url", baseUrl() + "/krr",
                "gateway.maskinporten.issuer", baseUrl() + "/maskinporten/",
                "gateway.maskinporten.client-id", CLIENT_ID,
                "gateway.maskinporten.jwk.path", clientJwk.toString());
    }

    /** A gateway of consumer group {@code group} on {@code topics}, at this simulator: a map to add to. */
    public Map<String, Object> gatewayProperties(Path clientJwk, TestBroker.Topics topics, String group) {
        Map<String, Object> properties = new java.util.HashMap<>(gatewayProperties(clientJwk));
        properties.putAll(topics.asProperties());
        properties.put("gateway.kafka.group-id", group);
        return properties;
    }

    public JsonNode stats() {
        return http("GET", "/simulator/stats");
    }

    public void resetStats() {
        http("POST", "/simulator/stats/reset");
    }

    /** Replaces the simulator's fault settings (JSON as {@code POST /simulator/faults} takes); null clears them. */
    public void faults(String settings) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/simulator/faults"));
            request = settings == null ? request.DELETE()
                    : request.header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(settings));
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("simulator faults answered " + response.statusCode());
            }
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("simulator faults failed", e);
        }
    }

    private JsonNode http(String method, String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + path))
                            .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body().isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException("simulator " + path + " failed", e);
        }
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
