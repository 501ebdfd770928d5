// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Instant;
import java.util.List;
import no.krrgateway.id.PersonIdValidator;
import no.krrgateway.krr.KrrCallObserver;
import no.krrgateway.krr.KrrClient;
import no.krrgateway.krr.KrrProperties;
import no.krrgateway.maskinporten.AccessTokenProvider;
import no.krrgateway.maskinporten.AccessTokenProvider.AccessToken;
import no.krrgateway.maskinporten.MaskinportenProperties;
import no.krrgateway.maskinporten.SigningKey;
import no.krrgateway.maskinporten.TokenClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.util.unit.DataSize;

/**
 * {@code check}'s token and krr lines against a Maskinporten and a KRR on loopback HTTP that refuse as Digdir's (or a
 * proxy in front of them) do: each refusal is one FAIL line naming what to change, never a bare quote or "null".
 */
class DigdirRefusalsCheckTest {

    /** Synthetic (+80 on the month), as Digdir's test persons are. */
    private static final String TEST_PERSON = "15897600045";

    private HttpServer server;
    private volatile int status;
    private volatile String contentType;
    private volatile String body;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Maskinporten's OAuth errors without an MP code in error_uri, and a proxy's own refusal. */
    @ParameterizedTest(name = "HTTP {0} {1}")
    @CsvSource(delimiter = '|', value = {
        "401|invalid_client|{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}"
                + "|gateway.maskinporten.client-id",
        "400|invalid_grant|{\"error\":\"invalid_grant\",\"error_description\":\"Invalid assertion. Client "
                + "authentication failed. (trace_id: 4f1c)\"}|gateway.maskinporten.client-id",
        "400|invalid_scope|{\"error\":\"invalid_scope\",\"error_description\":\"Token request contains invalid scopes "
                + "for client, krr:global/kontaktinformasjon.read (trace_id: bd1d)\"}|gateway.maskinporten.scopes",
        "400|invalid_request|{\"error\":\"invalid_request\",\"error_description\":\"Validation of JWT claim failed: "
                + "The combination consumer_org in claim and delegation scope on client is invalid\"}"
                + "|gateway.maskinporten.consumer-org",
        "403|proxy|<html><body>Access denied by your organisation's web proxy</body></html>"
                + "|gateway.maskinporten.token-url",
        "407|proxy|<html><body>Proxy Authentication Required</body></html>|gateway.maskinporten.token-url"})
    void tokenRefused_withoutMpCode_oneFailLineNamingTheProperty(int status, String kind, String body,
                                                                 String property) throws Exception {
        answer(status, kind.equals("proxy") ? "text/html" : "application/json", body);

        List<CheckLine> lines = maskinportenCheck().tokens();

        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.failed()).isTrue();
            assertThat(line.detail()).contains(property).doesNotContain("null");
        });
    }

    /** An OAuth error the check does not explain, without error_description: Maskinporten's words, never "null". */
    @Test
    void tokenRefused_unexplainedErrorWithoutDescription_noNull() throws Exception {
        answer(400, "application/json", "{\"error\":\"unauthorized_client\"}");

        assertThat(maskinportenCheck().tokens()).singleElement().satisfies(line -> assertThat(line.detail())
                .contains("HTTP 400 unauthorized_client").doesNotContain("null"));
    }

    /** Digdir's KRR answers 401 to a token it does not trust: one from another Maskinporten than test's. */
    @Test
    void krr401AfterAFreshToken_failNamesTheIssuer() {
        answer(401, "application/json", "{\"timestamp\":\"2026-12-07T19:00:00.000+00:00\",\"status\":401,"
                + "\"error\":\"Unauthorized\",\"path\":\"/rest/v2/personer\"}");

        CheckLine line = krrLookup(tokens());

        assertThat(line.failed()).isTrue();
        assertThat(line.detail()).contains("gateway.maskinporten.issuer");
    }

    @Test
    void krr403_failNamesTheScopes() {
        answer(403, "application/json", "{\"timestamp\":\"2026-12-07T19:00:00.000+00:00\",\"status\":403,"
                + "\"error\":\"Forbidden\",\"path\":\"/rest/v2/personer\"}");

        CheckLine line = krrLookup(tokens());

        assertThat(line.failed()).isTrue();
        assertThat(line.detail()).contains("gateway.maskinporten.scopes");
    }

    private void answer(int status, String contentType, String body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private MaskinportenCheck maskinportenCheck() throws Exception {
        var properties = new MaskinportenProperties(URI.create("https://test.maskinporten.no/"),
                base().resolve("/token"), "client-1", "krr:global/kontaktinformasjon.read", null, null,
                Duration.ofSeconds(120), "RS256", Duration.ofSeconds(20), 0.1, Duration.ofSeconds(5), 1,
                Duration.ofMillis(1), Duration.ofMillis(10), null, new MaskinportenProperties.Jwk(Path.of("unused")));
        var key = new SigningKey(new RSAKeyGenerator(2048).generate().toPrivateKey(), "kid", null, null);
        HttpClient http = HttpClient.newHttpClient();
        return new MaskinportenCheck(properties, key, new JsonGet(http, new ObjectMapper(), Duration.ofSeconds(5)),
                new TokenClient(http, new ObjectMapper(), key, properties, Clock.systemUTC()), Clock.systemUTC());
    }

    private CheckLine krrLookup(AccessTokenProvider tokens) {
        var properties = new KrrProperties(base(), 1000, Duration.ofMillis(200), 4, Duration.ofSeconds(5),
                DataSize.ofMegabytes(16), 1, Duration.ofMillis(1), Duration.ofMillis(10), null);
        var client = new KrrClient(HttpClient.newHttpClient(), new ObjectMapper(), tokens, properties,
                new KrrCallObserver() { }, null);
        return PreflightConfiguration.krrLookup(client, properties, new PersonIdValidator(true), TEST_PERSON);
    }

    private static AccessTokenProvider tokens() {
        return new AccessTokenProvider() {
            @Override
            public AccessToken token(String consumerOrg) {
                return new AccessToken("token", Instant.now(), Instant.now().plusSeconds(120));
            }

            @Override
            public void invalidate(AccessToken refused) {
            }
        };
    }
}
