// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** Faults set by {@code gateway.simulator.faults.*} at start are in force from the first call. */
@SpringBootTest(classes = SimulatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
        "gateway.simulator.faults.krr-status=503",
        "gateway.simulator.faults.krr-count=1",
        "gateway.simulator.faults.krr-retry-after=4",
        "gateway.simulator.faults.krr-error-rates[502]=0.25",
        "gateway.simulator.faults.krr429-rate=0.05",
        "gateway.simulator.faults.outage.starts-in=1h",
        "gateway.simulator.faults.outage.lasts=60s",
        "gateway.simulator.faults.reject-ids=01819010001,15507600333"})
@ActiveProfiles({"simulator", "simulator-only"})
class SimulatorStartFaultsTest {

    @LocalServerPort
    int port;

    @Test
    void startProperties_firstKrrCallAndFaultsEndpoint_showThem() throws Exception {
        HttpResponse<String> first = SimulatorTestClients.HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/krr/rest/v2/personer"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"personidentifikatorer\":[\"20914695016\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode shown = SimulatorTestClients.json(SimulatorTestClients.HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/simulator/faults")).build(),
                HttpResponse.BodyHandlers.ofString()));

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("4");
        assertThat(shown.has("krrStatus")).isFalse();
        assertThat(shown.get("krrErrorRates").get("502").asDouble()).isEqualTo(0.25);
        assertThat(shown.get("krr429Rate").asDouble()).isEqualTo(0.05);
        assertThat(shown.get("outage").get("lasts").asText()).isEqualTo("PT1M");
        assertThat(shown.get("rejectIds")).hasSize(2);
    }
}
