// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
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

    /**
     * Any caller's token may name a key id the issuer does not have, and Spring asks the issuer again for each (it
     * turns Nimbus's rate limit off): one caller's bogus tokens made as many calls to the issuer, each holding its
     * request thread in line behind the others.
     */
    @Test
    void tokensNamingUnknownKeyIds_askTheIssuerOnce() throws Exception {
        try (TestTokenIssuer issuer = new TestTokenIssuer()) {
            byte[] keys = keySet(issuer).getBytes(StandardCharsets.UTF_8);
            AtomicInteger asked = new AtomicInteger();
            HttpServer counting = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            counting.createContext("/jwks", exchange -> {
                asked.incrementAndGet();
                exchange.sendResponseHeaders(200, keys.length);
                exchange.getResponseBody().write(keys);
                exchange.close();
            });
            counting.start();
            try {
                var builder = NimbusJwtDecoder.withJwkSetUri("http://127.0.0.1:" + counting.getAddress().getPort()
                        + "/jwks");
                new GatewayConfiguration().issuerTimeout(HttpClient.newHttpClient(), api()).customize(builder);
                JwtDecoder decoder = builder.build();
                assertThat(decoder.decode(issuer.token("scope")).getSubject()).isEqualTo("esb-client");
                RSAKey stranger = new RSAKeyGenerator(2048).generate();
                for (int i = 0; i < 20; i++) {
                    SignedJWT bogus = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("kid-" + i)
                            .build(), new JWTClaimsSet.Builder().subject("x").build());
                    bogus.sign(new RSASSASigner(stranger));
                    assertThatThrownBy(() -> decoder.decode(bogus.serialize())).isInstanceOf(JwtException.class);
                }

                assertThat(asked.get()).as("calls to the issuer").isEqualTo(1); // 21 before
            } finally {
                counting.stop(0);
            }
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
