// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import no.krrgateway.api.ApiProperties;
import no.krrgateway.api.TestTokenIssuer;
import no.krrgateway.retry.HttpAnswers;
import no.krrgateway.support.FloodingServer;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.unit.DataSize;

/** The API's token issuer is asked for its keys on a caller's thread; what it sends is read whole, so bounded. */
class IssuerKeySetTest {

    @Test
    void keySetFollowedBy64MegabytesOfSpaces_isRefusedAfterOneMegabyteAndItsConnectionClosed() throws Exception {
        try (TestTokenIssuer issuer = new TestTokenIssuer();
             FloodingServer flooding = new FloodingServer("/jwks", keySet(issuer), 0)) {
            var builder = NimbusJwtDecoder.withJwkSetUri(flooding.uri("/jwks").toString());
            new GatewayConfiguration().issuerTimeout(HttpClient.newHttpClient(), api()).customize(builder);
            JwtDecoder decoder = builder.build();
            String token = issuer.token("scope");
            var thread = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = thread.getCurrentThreadAllocatedBytes();

            // valid JSON, trailing whitespace and all: before, the token was accepted once 64 MB had been read
            assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class)
                    .hasRootCauseInstanceOf(HttpAnswers.TooLarge.class);
            // 206,893,456 bytes before (the 64 MB read whole); now 1 MB, and the clients' start
            assertThat(thread.getCurrentThreadAllocatedBytes() - before).as("bytes allocated")
                    .isLessThan(32L << 20);
            await().atMost(Duration.ofSeconds(20)).until(flooding::closedByClient);
        }
    }

    private static String keySet(TestTokenIssuer issuer) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(issuer.jwkSetUri())).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static ApiProperties api() {
        return new ApiProperties(true, ApiProperties.Auth.JWT, "scope", 10, DataSize.ofKilobytes(64),
                Duration.ofSeconds(1), Duration.ofMillis(10), 10, 10, Duration.ofSeconds(20), 10,
                Duration.ofSeconds(1), "client_id");
    }
}
