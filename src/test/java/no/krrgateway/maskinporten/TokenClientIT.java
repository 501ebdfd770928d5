// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import no.krrgateway.maskinporten.AccessTokenProvider.AccessToken;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestKeys;
import no.krrgateway.support.TestKeystores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token client against the simulator's Maskinporten over real HTTP, with both key kinds and each failure. */
class TokenClientIT {

    private static final String SCOPES = "krr:global/kontaktinformasjon.read";
    @TempDir
    static Path keys;
    private static Path jwk;
    private static Path keystore;
    private static SimulatorServer simulator;

    @BeforeAll
    static void start() {
        jwk = TestKeys.writeJwk(keys, "token-client");
        keystore = TestKeystores.keyPair(keys, "business", null, 365);
        Path certificate = TestKeystores.exportCertificate(keystore, "business");
        simulator = SimulatorServer.start(jwk, Map.of(
                "gateway.simulator.maskinporten.clients[1].client-id", "x5c-client",
                "gateway.simulator.maskinporten.clients[1].certificate-path", certificate.toString()));
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @AfterEach
    void clearFaults() throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/simulator/faults"))
                .DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void fetch_jwkKey_tokenWithExpiry() {
        Instant before = Instant.now();
        AccessToken token = client(jwkProperties(SimulatorServer.CLIENT_ID, issuer(), SCOPES), Clock.systemUTC())
                .fetch(new TokenRequest(SCOPES, null, null));
        assertThat(token.value()).isNotBlank();
        assertThat(token.expiresAt()).isBetween(before.plusSeconds(119), Instant.now().plusSeconds(121));
    }

    @Test
    void fetch_businessCertificate_tokenWithX5c() {
        var properties = new MaskinportenProperties(URI.create(issuer()), null, "x5c-client", SCOPES, null, null,
                Duration.ofSeconds(120), "RS512", Duration.ofSeconds(20), 0.1,
                Duration.ofSeconds(5), 3, Duration.ofMillis(20), Duration.ofMillis(100),
                new MaskinportenProperties.Keystore(keystore, TestKeystores.PASSWORD, "business"), null);
        assertThat(client(properties, Clock.systemUTC()).fetch(new TokenRequest(SCOPES, null, null)).value())
                .isNotBlank();
    }

    @Test
    void fetch_wrongAudience_rejectedWithMp110AndNoGrantInTheMessage() {
        var properties = new MaskinportenProperties(URI.create("https://maskinporten.no/"),
                URI.create(issuer() + "token"), SimulatorServer.CLIENT_ID, SCOPES, null, null, Duration.ofSeconds(120),
                "RS256", Duration.ofSeconds(20), 0.1,
                Duration.ofSeconds(5), 3, Duration.ofMillis(20), Duration.ofMillis(100), null, new MaskinportenProperties.Jwk(jwk));
        assertThatThrownBy(() -> client(properties, Clock.systemUTC()).fetch(new TokenRequest(SCOPES, null, null)))
                .isInstanceOfSatisfying(TokenRequestException.Rejected.class, e -> {
                    assertThat(e.mpCode()).isEqualTo("MP-110");
                    assertThat(e.error()).isEqualTo("invalid_grant");
                    assertThat(e.getMessage()).doesNotContain("eyJ");
                });
    }

    @Test
    void fetch_unknownClient_rejectedWithMp100() {
        assertRejected(jwkProperties("nobody", issuer(), SCOPES), Clock.systemUTC(), "MP-100");
    }

    @Test
    void fetch_keyNotTheRegisteredOne_rejectedWithMp124() {
        Path impostor = TestKeys.writeJwk(keys.resolve("impostor"), "token-client");
        var properties = new MaskinportenProperties(URI.create(issuer()), null, SimulatorServer.CLIENT_ID, SCOPES,
                null, null, Duration.ofSeconds(120), "RS256", Duration.ofSeconds(20), 0.1,
                Duration.ofSeconds(5), 3, Duration.ofMillis(20), Duration.ofMillis(100), null,
                new MaskinportenProperties.Jwk(impostor));
        assertRejected(properties, Clock.systemUTC(), "MP-124");
    }

    @Test
    void fetch_scopeNotAllowed_rejectedWithMp200() {
        assertRejected(jwkProperties(SimulatorServer.CLIENT_ID, issuer(), "krr:global/unknown.read"),
                Clock.systemUTC(), "MP-200");
    }

    @Test
    void fetch_clockAMinuteAhead_reportedAsProbableClockSkew() {
        Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1));
        assertThatThrownBy(() -> client(jwkProperties(SimulatorServer.CLIENT_ID, issuer(), SCOPES), ahead)
                .fetch(new TokenRequest(SCOPES, null, null)))
                .isInstanceOf(TokenRequestException.Rejected.class)
                .hasMessageContaining("probable clock skew");
    }

    @Test
    void fetch_503Twice_retriedWithFreshGrantsUntilATokenComes() throws Exception {
        injectFault("{\"tokenStatus\":503,\"tokenCount\":2}");
        simulator.resetStats();
        AccessToken token = client(jwkProperties(SimulatorServer.CLIENT_ID, issuer(), SCOPES), Clock.systemUTC())
                .fetch(new TokenRequest(SCOPES, null, null));
        assertThat(token.value()).isNotBlank();
        assertThat(simulator.stats().get("tokenRequests").asLong()).isEqualTo(3);
    }

    @Test
    void fetch_500Forever_unavailableAfterTheAttempts() throws Exception {
        assertThat(thrownByAFetchUnder("{\"tokenStatus\":500,\"tokenCount\":-1}"))
                .isInstanceOf(TokenRequestException.Unavailable.class)
                .hasMessageContaining("Maskinporten answered HTTP 500");
        assertThat(simulator.stats().get("tokenRequests").asLong()).as("attempts, retry-attempts = 3").isEqualTo(3);
    }

    @Test
    void fetch_400_rejectedAtOnceWithoutRetry() throws Exception {
        assertThat(thrownByAFetchUnder("{\"tokenStatus\":400,\"tokenCount\":-1}"))
                .isInstanceOf(TokenRequestException.Rejected.class);
        assertThat(simulator.stats().get("tokenRequests").asLong()).isEqualTo(1);
    }

    /** With the fault in place, what a fetch throws; the simulator's counts start at the fetch. */
    private static Throwable thrownByAFetchUnder(String fault) throws Exception {
        injectFault(fault);
        simulator.resetStats();
        return catchThrowable(() -> client(jwkProperties(SimulatorServer.CLIENT_ID,
                issuer(), SCOPES), Clock.systemUTC()).fetch(new TokenRequest(SCOPES, null, null)));
    }

    @Test
    void fetch_connectionRefused_unavailable() {
        var properties = jwkProperties(SimulatorServer.CLIENT_ID, "http://localhost:9/maskinporten/", SCOPES);
        assertThatThrownBy(() -> client(properties, Clock.systemUTC()).fetch(new TokenRequest(SCOPES, null, null)))
                .isInstanceOf(TokenRequestException.Unavailable.class)
                .hasMessageContaining("Maskinporten did not answer");
    }

    private static void assertRejected(MaskinportenProperties properties, Clock clock, String mpCode) {
        assertThatThrownBy(() -> client(properties, clock).fetch(new TokenRequest(properties.scopes(), null, null)))
                .isInstanceOfSatisfying(TokenRequestException.Rejected.class,
                        e -> assertThat(e.mpCode()).isEqualTo(mpCode));
    }

    private static void injectFault(String json) throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/simulator/faults"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static String issuer() {
        return simulator.baseUrl() + "/maskinporten/";
    }

    private static MaskinportenProperties jwkProperties(String clientId, String issuer, String scopes) {
        return new MaskinportenProperties(URI.create(issuer), null, clientId, scopes, null, null,
                Duration.ofSeconds(120), "RS256", Duration.ofSeconds(20), 0.1,
                Duration.ofSeconds(5), 3, Duration.ofMillis(20), Duration.ofMillis(100), null,
                new MaskinportenProperties.Jwk(jwk));
    }

    private static TokenClient client(MaskinportenProperties properties, Clock clock) {
        var key = SigningKey.load(properties, Clock.systemUTC());
        return new TokenClient(HttpClient.newHttpClient(), new ObjectMapper(), key, properties, clock);
    }
}
