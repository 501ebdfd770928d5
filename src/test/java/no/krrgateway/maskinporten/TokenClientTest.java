// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TokenClient against a Maskinporten on loopback HTTP that stalls mid-answer. */
class TokenClientTest {

    private static final int ATTEMPTS = 2;

    private final CountDownLatch released = new CountDownLatch(1);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer maskinporten;

    @AfterEach
    void stop() {
        released.countDown();
        maskinporten.stop(0);
        threads.shutdownNow();
    }

    @Test
    void fetch_answerStallsAfterItsHeaders_unavailableWithinTheTimeoutPerAttempt() throws Exception {
        maskinporten = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        maskinporten.setExecutor(threads);
        maskinporten.createContext("/token", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write("{\"access_token\": \"".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
                released.await(); // the rest of the answer never comes while the test runs
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        maskinporten.start();
        var properties = new MaskinportenProperties(URI.create("https://test.maskinporten.no/"),
                URI.create("http://127.0.0.1:" + maskinporten.getAddress().getPort() + "/token"), "client-1",
                "krr:global/kontaktinformasjon.read", null, null, Duration.ofSeconds(120), "RS256",
                Duration.ofSeconds(20), 0.1, Duration.ofMillis(300), ATTEMPTS, Duration.ofMillis(1),
                Duration.ofMillis(10), null, new MaskinportenProperties.Jwk(Path.of("unused.json")));
        var key = new SigningKey(new RSAKeyGenerator(2048).generate().toPrivateKey(), "kid", null, null);
        var client = new TokenClient(HttpClient.newHttpClient(), new ObjectMapper(), key, properties,
                Clock.systemUTC());

        // gateway.maskinporten.timeout is one request's, the answer's body included
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(
                () -> client.fetch(TokenCache.TokenRequest.of(properties)))
                .isInstanceOf(TokenRequestException.Unavailable.class)
                .hasMessageContaining("HttpTimeoutException"));
        assertThat(requests).hasValue(ATTEMPTS);
    }
}
