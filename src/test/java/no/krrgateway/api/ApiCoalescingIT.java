// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import no.krrgateway.support.ApiGateway;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 24 point 7, end to end over real HTTP with real JWTs: coalescing that adapts to load. 300 concurrent callers
 * of one id each share at most 10 KRR calls: a batch goes when a KRR call slot is free and its window has passed, and
 * while every slot is busy it keeps gathering. KRR is slow here (2 s a call) so that the callers' arrival, spread
 * over a loaded machine's second or so, falls within one call; latency is the bench's (scenario {@code api}).
 */
class ApiCoalescingIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final ApiGateway api = ApiGateway.perClass("api-coalesce", 1, Map.of("gateway.simulator.latency", "2s"));

    @Test
    void threeHundredConcurrentCallers_atMostTenKrrCalls() throws Exception {
        int callers = 300;
        URI lookups = URI.create(api.url() + "/api/v1/lookups");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String token = api.token("esb");
        List<String> ids = TestIds.valid(callers, 2470);
        SimulatorServer simulator = api.simulator();
        simulator.resetStats();

        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (String id : ids) {
            answers.add(http.sendAsync(HttpRequest.newBuilder(lookups).timeout(Duration.ofSeconds(90))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"personidentifikatorer\":[\"" + id + "\"]}"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < callers; i++) {
            HttpResponse<String> answer = answers.get(i).join();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(MAPPER.readTree(answer.body()).at("/outcomes/0/personidentifikator").asText())
                    .isEqualTo(ids.get(i));
        }
        JsonNode stats = simulator.stats();
        System.out.printf("api-coalescing: %d concurrent callers of one id, KRR 2 s per call, window 20 ms, "
                + "4 call slots: %d KRR calls, %d ids sent%n", callers, stats.get("krrCalls").asLong(),
                stats.get("krrIdsRequested").asLong());
        assertThat(stats.get("krrCalls").asLong()).as("KRR calls for %d callers", callers)
                .isLessThanOrEqualTo(10);
        assertThat(stats.get("krrIdsRequested").asLong()).isEqualTo(callers);
    }
}
