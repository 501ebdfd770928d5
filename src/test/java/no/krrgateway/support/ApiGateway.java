// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import no.krrgateway.api.TestTokenIssuer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A gateway with the HTTP API on, at its own simulator, trusting a {@link TestTokenIssuer}'s tokens, per test class:
 * {@code @RegisterExtension static final ApiGateway api = ApiGateway.perClass("name", 1, Map.of(), properties -> {});}
 * The hook adds to the gateway's properties before it starts; the test's own {@code @AfterAll} runs before the
 * gateway stops.
 */
public final class ApiGateway implements BeforeAllCallback, AfterAllCallback {

    public static final String SCOPE = "krr-gateway:lookup";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String name;
    private final int partitions;
    private final Map<String, Object> simulatorSettings;
    private final Consumer<Map<String, Object>> configure;
    private SimulatorServer simulator;
    private TestTokenIssuer issuer;
    private TestBroker.Topics topics;
    private ConfigurableApplicationContext gateway;

    private ApiGateway(String name, int partitions, Map<String, Object> simulatorSettings,
                       Consumer<Map<String, Object>> configure) {
        this.name = name;
        this.partitions = partitions;
        this.simulatorSettings = simulatorSettings;
        this.configure = configure;
    }

    /** Topics {@code name} of {@code partitions}, consumer group {@code name}, a simulator of these settings. */
    public static ApiGateway perClass(String name, int partitions, Map<String, Object> simulatorSettings,
                                      Consumer<Map<String, Object>> configure) {
        return new ApiGateway(name, partitions, simulatorSettings, configure);
    }

    /** As {@link #perClass(String, int, Map, Consumer)}, with no properties of the test's own. */
    public static ApiGateway perClass(String name, int partitions, Map<String, Object> simulatorSettings) {
        return perClass(name, partitions, simulatorSettings, properties -> { });
    }

    /** The properties of a gateway with the API on, at {@code simulator}, trusting {@code issuer}: a map to add to. */
    public static Map<String, Object> properties(SimulatorServer simulator, TestTokenIssuer issuer,
                                                 TestBroker.Topics topics, String group) {
        Map<String, Object> properties = simulator.gatewayProperties(topics, group);
        properties.put("gateway.api.enabled", "true");
        properties.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", issuer.jwkSetUri());
        return properties;
    }

    @Override
    public void beforeAll(ExtensionContext extension) {
        simulator = SimulatorServer.start(simulatorSettings);
        issuer = new TestTokenIssuer();
        topics = TestBroker.createTopics(name, partitions);
        Map<String, Object> properties = properties(simulator, issuer, topics, name);
        configure.accept(properties);
        gateway = GatewayProcess.start(properties);
    }

    @Override
    public void afterAll(ExtensionContext extension) throws Exception {
        for (AutoCloseable started : new AutoCloseable[] {gateway, issuer, simulator}) {
            if (started != null) {
                started.close();
            }
        }
    }

    public SimulatorServer simulator() {
        return simulator;
    }

    public TestTokenIssuer issuer() {
        return issuer;
    }

    public TestBroker.Topics topics() {
        return topics;
    }

    public ConfigurableApplicationContext context() {
        return gateway;
    }

    public int port() {
        return ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    /** A token of the lookup scope. */
    public String token() {
        return issuer.token(SCOPE);
    }

    /** A token of the lookup scope, of the named client (claim {@code client_id}). */
    public String token(String client) {
        return issuer.token(SCOPE, client);
    }

    /** Where the API answers, without a path. */
    public String url() {
        return "http://localhost:" + port();
    }

    /** {@code POST /api/v1/lookups} with {@code token} and {@code correlationId}, each left out when null. */
    public HttpResponse<String> post(String body, String token, String correlationId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + "/api/v1/lookups"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (correlationId != null) {
            request.header("correlation-id", correlationId);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code ids} looked up with a token of {@code client}, naming {@code consumerOrg} unless null. */
    public HttpResponse<String> postAs(String client, String consumerOrg, List<String> ids) throws Exception {
        String body = "{" + (consumerOrg == null ? "" : "\"consumerOrg\":\"" + consumerOrg + "\",")
                + "\"personidentifikatorer\":" + ids.stream().map(id -> "\"" + id + "\"")
                .collect(Collectors.joining(",", "[", "]")) + "}";
        return post(body, token(client), null);
    }
}
