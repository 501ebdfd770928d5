// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import no.krrgateway.simulator.SimulatorApplication;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The KRR and Maskinporten simulator, run as its own application on a loopback port, with a test client
 * registered. Either started and closed by the test ({@link #start(Map)}), or per test class as a JUnit extension:
 * {@code @RegisterExtension static final SimulatorServer simulator = SimulatorServer.perClass(Map.of());}.
 */
public final class SimulatorServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    public static final String CLIENT_ID = "krr-gateway-test";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path clientKey;
    /** Where the simulator keeps its test CA for signed answers (krr-signing-ca.pem). */
    private final Path signingFolder = TestKeys.newFolder();
    private final Map<String, Object> settings;
    private ConfigurableApplicationContext context;
    private int port;

    private SimulatorServer(Path clientKey, Map<String, Object> settings) {
        this.clientKey = clientKey;
        this.settings = settings;
    }

    /** A simulator with a fresh client key, started now; {@code settings} are its properties. */
    public static SimulatorServer start(Map<String, Object> settings) {
        return start(TestKeys.writeJwk(TestKeys.newFolder(), "simulator-client"), settings);
    }

    /** A simulator that knows the client by the key in {@code clientJwk}, started now. */
    public static SimulatorServer start(Path clientJwk, Map<String, Object> settings) {
        SimulatorServer server = new SimulatorServer(clientJwk, settings);
        server.run();
        return server;
    }

    /** A simulator started before a test class's tests and stopped after them (use with @RegisterExtension). */
    public static SimulatorServer perClass(Map<String, Object> settings) {
        return new SimulatorServer(TestKeys.writeJwk(TestKeys.newFolder(), "simulator-client"), settings);
    }

    private void run() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("management.server.port", "0");
        properties.put("spring.application.name", "krr-simulator");
        properties.put("gateway.simulator.maskinporten.clients[0].client-id", CLIENT_ID);
        properties.put("gateway.simulator.maskinporten.clients[0].jwk-path", clientKey.toString());
        properties.put("gateway.simulator.signing.folder", signingFolder.toString());
        properties.putAll(settings);
        context = SimulatorApplication.run(GatewayProcess.args(properties));
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public void beforeAll(ExtensionContext extension) {
        run();
    }

    @Override
    public void afterAll(ExtensionContext extension) {
        close();
    }

    /** The client's private key, as the gateway reads it. */
    public Path clientKey() {
        return clientKey;
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

    /**
     * A gateway of consumer group {@code group} on {@code topics}, at this simulator, accepting the synthetic test ids:
     * a map to add to. The broker is {@link GatewayProcess}'s default, the test broker.
     */
    public Map<String, Object> gatewayProperties(TestBroker.Topics topics, String group) {
        Map<String, Object> properties = new HashMap<>(gatewayProperties(clientKey));
        properties.putAll(topics.asProperties());
        properties.put("gateway.kafka.group-id", group);
        properties.put("gateway.validation.allow-synthetic", "true");
        return properties;
    }

    /** The test CA the simulator's signed answers chain to (PEM): a gateway's trust anchors. */
    public Path signingCa() {
        return signingFolder.resolve("krr-signing-ca.pem");
    }

    /**
     * The properties that make a gateway ask this simulator for signed answers and verify them, and keep them as
     * evidence when {@code keep}.
     */
    public Map<String, Object> signedAnswers(boolean keep) {
        return Map.of("gateway.krr.signed-answers.enabled", "true",
                "gateway.krr.signed-answers.trust-anchors", signingCa().toString(),
                "gateway.krr.signed-answers.keep", String.valueOf(keep),
                // an evidence record holds a whole answer (docs/evidence.md); the gateway refuses a smaller limit
                "camel.component.kafka.max-request-size", "4194304");
    }

    /** What is wrong with signed answers from now on: a {@code KrrAnswerSigner.Fault}'s name (NONE ends it). */
    public void signingFault(String fault) {
        send("PUT", "/simulator/signing/fault/" + fault, null);
    }

    /** Faults in force from now on, replacing any before ({@code POST /simulator/faults}; JSON as FaultSettings). */
    public void faults(String json) {
        send("POST", "/simulator/faults", json);
    }

    /** Faults merged into those in force ({@code PATCH /simulator/faults}). */
    public void addFaults(String json) {
        send("PATCH", "/simulator/faults", json);
    }

    /** All faults off. */
    public void clearFaults() {
        send("DELETE", "/simulator/faults", null);
    }

    public JsonNode stats() {
        return readJson(send("GET", "/simulator/stats", null));
    }

    public void resetStats() {
        send("POST", "/simulator/stats/reset", null);
    }

    private static JsonNode readJson(String body) {
        try {
            return body.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    private String send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(20));
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("simulator " + method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
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
