// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import no.krrgateway.simulator.TestPersons;
import no.krrgateway.support.ApiGateway;
import no.krrgateway.support.SimulatorServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * No internal text in answers (issue 24): with Maskinporten refusing the grant, and then with KRR down, the 503
 * problem carries a reason code and the gateway's fixed words; the URLs, the exception's message and Maskinporten's
 * {@code error_description} go to the log only. Real HTTP, real JWTs checked against a JWK set.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiProblemBodiesIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String BODY = "{\"personidentifikatorer\":[\"" + TestPersons.NOTIFIABLE.id() + "\"]}";

    /** Maskinporten refuses from the start, so that the gateway never holds a token before the first request. */
    @RegisterExtension
    static final ApiGateway api = ApiGateway.perClass("api-problems", 1,
            Map.of("gateway.simulator.faults.token-status", "400", "gateway.simulator.faults.token-count", "-1"),
            properties -> {
                properties.put("gateway.krr.retry-attempts", "2");
                properties.put("gateway.hold-back.initial-delay", "1s");
            });

    @Test
    void maskinportenRefusingThenKrrDown_503BodiesWithCodeAndFixedWordsOnly(CapturedOutput logs) throws Exception {
        SimulatorServer simulator = api.simulator();
        String token = api.token();

        HttpResponse<String> refused = api.post(BODY, token, null);
        assertThat(refused.statusCode()).isEqualTo(503);
        JsonNode problem = MAPPER.readTree(refused.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:krr-gateway:problem:lookups-failing");
        assertThat(problem.get("code").asText()).isEqualTo("TOKEN_REJECTED");
        assertThat(problem.get("title").asText()).isEqualTo("KRR or Maskinporten is not answering");
        assertNoInternalText(refused.body(), simulator);
        assertThat(refused.body()).doesNotContain("Simulated fault").doesNotContain("invalid_request")
                .doesNotContain("refused the grant");
        assertThat(logs.getAll()).as("the log has what the body leaves out").contains("Simulated fault");

        simulator.clearFaults();
        Awaitility.await("answers once Maskinporten issues tokens").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> api.post(BODY, token, null).statusCode() == 200);

        simulator.faults("{\"krrStatus\":503,\"krrCount\":-1}");
        HttpResponse<String> down = api.post(BODY, token, null);
        assertThat(down.statusCode()).isEqualTo(503);
        JsonNode krrDown = MAPPER.readTree(down.body());
        assertThat(krrDown.get("code").asText()).isEqualTo("KRR_UNAVAILABLE");
        assertThat(krrDown.get("detail").asText()).as("the same fixed words whichever service failed")
                .isEqualTo(problem.get("detail").asText());
        assertNoInternalText(down.body(), simulator);
        assertThat(down.body()).doesNotContain("HTTP 503").doesNotContain("attempt");
    }

    /** Neither a URL of KRR or Maskinporten, nor anything that looks like one, nor an exception's class. */
    private static void assertNoInternalText(String body, SimulatorServer simulator) {
        assertThat(body).doesNotContain(simulator.baseUrl()).doesNotContain("http").doesNotContain("localhost")
                .doesNotContain("127.0.0.1").doesNotContain("/krr").doesNotContain("/maskinporten")
                .doesNotContain("Exception").doesNotContain(TestPersons.NOTIFIABLE.id());
    }
}
