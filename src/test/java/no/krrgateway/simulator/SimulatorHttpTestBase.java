// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Starts the app with only the simulator switched on (one shared context) and reaches it over loopback HTTP. */
@SpringBootTest(classes = SimulatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
        "gateway.simulator.maskinporten.token-lifetime=45s"})
@ActiveProfiles({"simulator", "simulator-only"})
abstract class SimulatorHttpTestBase {

    @LocalServerPort
    int port;

    String baseUrl;
    String issuer;

    @DynamicPropertySource
    static void clients(DynamicPropertyRegistry registry) {
        SimulatorTestClients.register(registry);
    }

    @BeforeEach
    void urls() {
        baseUrl = "http://localhost:" + port;
        issuer = baseUrl + "/maskinporten/";
    }

    HttpResponse<String> get(String path) throws Exception {
        return SimulatorTestClients.HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String json) throws Exception {
        return SimulatorTestClients.HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
