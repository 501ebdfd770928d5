// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import no.krrgateway.support.FloodingServer;
import no.krrgateway.support.StallingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TokenClient against a Maskinporten on loopback HTTP that stalls mid-answer. */
class TokenClientTest {

    private static final int ATTEMPTS = 2;

    private final StallingServer maskinporten = new StallingServer("/token", "{\"access_token\": \"");

    @AfterEach
    void stop() {
        maskinporten.close();
    }

    @Test
    void fetch_answerStallsAfterItsHeaders_unavailableWithinTheTimeoutPerAttempt() throws Exception {
        var properties = new MaskinportenProperties(URI.create("https://test.maskinporten.no/"),
                maskinporten.uri("/token"), "client-1",
                "krr:global/kontaktinformasjon.read", null, null, Duration.ofSeconds(120), "RS256",
                Duration.ofSeconds(20), 0.1, Duration.ofMillis(300), ATTEMPTS, Duration.ofMillis(1),
                Duration.ofMillis(10), null, new MaskinportenProperties.Jwk(Path.of("unused.json")));
        var key = new SigningKey(new RSAKeyGenerator(2048).generate().toPrivateKey(), "kid", null, null);
        var client = new TokenClient(HttpClient.newHttpClient(), new ObjectMapper(), key, properties,
                Clock.systemUTC());

        // gateway.maskinporten.timeout is one request's, the answer's body included
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(
                () -> client.fetch(TokenRequest.of(properties)))
                .isInstanceOf(TokenRequestException.Unavailable.class)
                .hasMessageContaining("HttpTimeoutException"));
        assertThat(maskinporten.requests()).isEqualTo(ATTEMPTS);
    }

    /** A token answer over 1 MB is refused as it comes, its connection closed, and not asked for again. */
    @Test
    void fetch_answerOverOneMegabyte_unavailableWithoutRetryAndTheConnectionClosed() throws Exception {
        try (FloodingServer flooding = new FloodingServer("/token", "{\"access_token\": \"", 0)) {
            var properties = new MaskinportenProperties(URI.create("https://test.maskinporten.no/"),
                    flooding.uri("/token"), "client-1",
                    "krr:global/kontaktinformasjon.read", null, null, Duration.ofSeconds(120), "RS256",
                    Duration.ofSeconds(20), 0.1, Duration.ofSeconds(20), ATTEMPTS, Duration.ofMillis(1),
                    Duration.ofMillis(10), null, new MaskinportenProperties.Jwk(Path.of("unused.json")));
            var key = new SigningKey(new RSAKeyGenerator(2048).generate().toPrivateKey(), "kid", null, null);
            var client = new TokenClient(HttpClient.newHttpClient(), new ObjectMapper(), key, properties,
                    Clock.systemUTC());

            assertThatThrownBy(() -> client.fetch(TokenRequest.of(properties)))
                    .isInstanceOf(TokenRequestException.Unavailable.class)
                    .hasMessageContaining("over 1048576 bytes");
            assertThat(flooding.requests()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(20)).until(flooding::closedByClient);
        }
    }

    /**
     * Maskinporten's error fields are quoted in logs and health, its code in each CONSUMER_ORG_REJECTED outcome of a
     * refused tenant's ids: an answer under 1 MB made each of those outcomes 100 KB long.
     */
    @Test
    void fetch_refusalWithOverlongFields_quotesThemCut() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", exchange -> {
            byte[] body = ("{\"error\": \"invalid_grant" + "x".repeat(100_000) + "\", \"error_description\": \""
                    + "y".repeat(100_000) + "\", \"error_uri\": \"https://docs/MP-" + "1".repeat(100_000) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            var properties = propertiesFor(server);
            var key = new SigningKey(new RSAKeyGenerator(2048).generate().toPrivateKey(), "kid", null, null);
            var client = new TokenClient(HttpClient.newHttpClient(), new ObjectMapper(), key, properties,
                    Clock.systemUTC());

            assertThatThrownBy(() -> client.fetch(TokenRequest.of(properties)))
                    .isInstanceOfSatisfying(TokenRequestException.Rejected.class, refused -> {
                        assertThat(refused.mpCode()).as("MP code").isNull();
                        assertThat(refused.getMessage().length()).as("message length").isLessThan(1000);
                    });
        } finally {
            server.stop(0);
        }
    }

    /** An absurd expires_in is no answer: else a cached token of 10^16 s made every later token() call throw. */
    @ParameterizedTest
    @ValueSource(strings = {"10000000000000000", "100000000000000000000", "9223372036854775807"})
    void fetch_expiresInBeyondAnyLifetime_unavailableAndTheCacheKeepsWorking(String expiresIn) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger requests = new AtomicInteger();
        server.createContext("/token", exchange -> {
            byte[] body = ("{\"access_token\": \"t-" + requests.incrementAndGet() + "\", \"expires_in\": "
                    + (requests.get() == 1 ? expiresIn : "120") + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            var properties = propertiesFor(server);
            var key = new SigningKey(new RSAKeyGenerator(2048).generate().toPrivateKey(), "kid", null, null);
            var client = new TokenClient(HttpClient.newHttpClient(), new ObjectMapper(), key, properties,
                    Clock.systemUTC());
            var cache = new TokenCache(client::fetch, Clock.systemUTC(), properties, new SimpleMeterRegistry());

            assertThatThrownBy(cache::token).isInstanceOf(TokenRequestException.Unavailable.class)
                    .hasMessageContaining("expires_in");
            assertThat(cache.token().expiresAt()).isBefore(Instant.now().plusSeconds(121));
            assertThat(cache.token().value()).isEqualTo("t-2");
        } finally {
            server.stop(0);
        }
    }

    private static MaskinportenProperties propertiesFor(HttpServer server) {
        return new MaskinportenProperties(URI.create("https://test.maskinporten.no/"),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token"), "client-1",
                "krr:global/kontaktinformasjon.read", null, null, Duration.ofSeconds(120), "RS256",
                Duration.ofSeconds(20), 0.1, Duration.ofSeconds(5), ATTEMPTS, Duration.ofMillis(1),
                Duration.ofMillis(10), null, new MaskinportenProperties.Jwk(Path.of("unused.json")));
    }
}
