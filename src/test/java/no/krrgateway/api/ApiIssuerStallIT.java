// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import no.krrgateway.support.ApiGateway;
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

    private static final Duration STALL = Duration.ofSeconds(90);
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final HttpServer ISSUER = stallingIssuer();

    @RegisterExtension
    static final ApiGateway api = ApiGateway.perClass("api-issuer-stall", 1, Map.of(), properties -> {
        properties.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                "http://127.0.0.1:" + ISSUER.getAddress().getPort() + "/jwks");
        properties.put("gateway.api.timeout", "3s");
        properties.put("gateway.api.body-timeout", "1s");
    });

    @AfterAll
    static void releaseTheIssuer() {
        RELEASE.countDown();
        ISSUER.stop(0);
    }

    @Test
    void issuerNeverAnswersItsKeys_theCallerIsAnsweredWithinTheApiTimeout() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(api.url() + "/api/v1/lookups"))
                // well short of the stall: an answer at all shows the gateway gave up on the issuer by itself
                .timeout(STALL.dividedBy(3))
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

    /** Sends the headers of a key set, then nothing until released (or the stall is over). */
    private static HttpServer stallingIssuer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, 1000);
                exchange.getResponseBody().flush();
                try {
                    RELEASE.await(STALL.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
