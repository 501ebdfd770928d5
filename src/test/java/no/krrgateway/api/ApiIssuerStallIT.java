// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import no.krrgateway.support.ApiGateway;
import no.krrgateway.support.StallingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API's token issuer is asked for its keys on a caller's request thread: one that accepts the call and never
 * answers (or stops in the middle of its key set) must not hold that thread for longer than gateway.api.timeout.
 * Before, Spring Security's default RestTemplate had no timeout and the caller waited for as long as the issuer did,
 * then got Spring Boot's error page rather than the contract's problem (docs/contract.md §7).
 */
class ApiIssuerStallIT {

    private static final StallingServer ISSUER = new StallingServer("/jwks", "{\"keys\": [");

    @RegisterExtension
    static final ApiGateway api = ApiGateway.perClass("api-issuer-stall", 1, Map.of(), properties -> {
        properties.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", ISSUER.uri("/jwks").toString());
        properties.put("gateway.api.timeout", "3s");
        properties.put("gateway.api.body-timeout", "1s");
    });

    @AfterAll
    static void releaseTheIssuer() {
        ISSUER.close();
    }

    @Test
    void issuerNeverAnswersItsKeys_theCallerIsAnsweredWithinTheApiTimeout() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(api.url() + "/api/v1/lookups"))
                // the issuer never answers while the test runs: an answer at all shows the gateway gave up by itself
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + api.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"personidentifikatorer\": [\"20914695016\"]}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        // the gateway's failure, not the caller's token: a problem in fixed words, naming neither issuer nor cause
        assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new ObjectMapper().readTree(response.body()).get("type").asText())
                .isEqualTo("urn:krr-gateway:problem:internal-error");
        assertThat(response.body()).doesNotContain("127.0.0.1").doesNotContain("jwks");
    }
}
