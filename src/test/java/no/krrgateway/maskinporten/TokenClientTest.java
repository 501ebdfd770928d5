// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import no.krrgateway.support.StallingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
                () -> client.fetch(TokenCache.TokenRequest.of(properties)))
                .isInstanceOf(TokenRequestException.Unavailable.class)
                .hasMessageContaining("HttpTimeoutException"));
        assertThat(maskinporten.requests()).isEqualTo(ATTEMPTS);
    }
}
