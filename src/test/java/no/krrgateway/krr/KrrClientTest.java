// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.maskinporten.AccessTokenProvider;
import no.krrgateway.maskinporten.AccessTokenProvider.AccessToken;
import no.krrgateway.support.FloodingServer;
import no.krrgateway.support.StallingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

/** KrrClient's retry decisions against a KRR on loopback HTTP that answers a scripted series of statuses. */
class KrrClientTest {

    private static final String ID = "15897600045";
    private static final int ATTEMPTS = 3;

    private HttpServer krr;
    /** The statuses KRR answers, one per request; once used up, 200. */
    private final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();
    private final List<Long> requestedAt = new CopyOnWriteArrayList<>();
    private final List<String> tokensSent = new CopyOnWriteArrayList<>();
    private final List<String> bodiesSent = new CopyOnWriteArrayList<>();
    private volatile String retryAfter;
    /** Persons KRR lists beside the one asked, in the 200's answer. */
    private volatile String alsoListed = "";
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final List<AccessToken> invalidated = new CopyOnWriteArrayList<>();
    private KrrClient client;

    @BeforeEach
    void startKrr() throws Exception {
        krr = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        krr.createContext("/rest/v2/personer", exchange -> {
            requestedAt.add(System.nanoTime());
            tokensSent.add(exchange.getRequestHeaders().getFirst("Authorization"));
            bodiesSent.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Integer next = script.poll();
            int status = next == null ? 200 : next;
            byte[] answer = (status == 200
                    ? "{\"personer\":[{\"personidentifikator\":\"" + ID + "\",\"status\":\"AKTIV\"}" + alsoListed + "]}"
                    : "{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            if (retryAfter != null && status == 429) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        krr.start();
        var properties = new KrrProperties(URI.create("http://127.0.0.1:" + krr.getAddress().getPort()), 1000,
                Duration.ofMillis(200), 4, Duration.ofSeconds(5), DataSize.ofMegabytes(16), ATTEMPTS,
                Duration.ofMillis(1), Duration.ofSeconds(5), null);
        client = new KrrClient(HttpClient.newHttpClient(), new ObjectMapper(), tokens(), properties,
                new KrrCallObserver() { }, null);
    }

    @AfterEach
    void stop() {
        krr.stop(0);
    }

    /** KRR's API: the ids, and persons it does not know included (answered as not registered, not left out). */
    @Test
    void lookup_sendsTheIdsAskingForPersonsKrrDoesNotKnow() {
        lookup(List.of(ID, "23079421936"));
        assertThat(bodiesSent).containsExactly("{\"personidentifikatorer\":[\"" + ID
                + "\",\"23079421936\"],\"inkluderIkkeRegistrerte\":true}");
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 429})
    void lookup_krrDownThenBack_retriedUntilItAnswers(int status) {
        script.addAll(List.of(status, status));
        Map<String, KrrPerson> found = lookup(List.of(ID));
        assertThat(found).containsKey(ID);
        assertThat(requestedAt).hasSize(3);
    }

    @Test
    void lookup_krrDownForGood_unavailableAfterExactlyTheConfiguredAttempts() {
        script.addAll(List.of(503, 503, 503, 503, 503));
        assertThatThrownBy(() -> lookup(List.of(ID)))
                .isInstanceOf(KrrException.Unavailable.class).hasMessageContaining("HTTP 503");
        assertThat(requestedAt).hasSize(ATTEMPTS);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 422})
    void lookup_batchRejected_notRetried(int status) {
        script.add(status);
        assertThatThrownBy(() -> lookup(List.of(ID))).isInstanceOf(KrrException.Rejected.class);
        assertThat(requestedAt).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 405, 413})
    void lookup_otherClientError_misconfiguredAndNotRetried(int status) {
        script.add(status);
        assertThatThrownBy(() -> lookup(List.of(ID))).isInstanceOf(KrrException.Misconfigured.class);
        assertThat(requestedAt).hasSize(1);
    }

    /**
     * The message of a misconfiguration names where KRR was called: it reaches health krr's {@code reason} and the
     * log, so a password in the base URL (as for a proxy answering 407) is not in it.
     */
    @Test
    void lookup_misconfiguredWithCredentialsInTheBaseUrl_messageWithoutThePassword() {
        var withPassword = URI.create("http://gateway:s3cret-pw@127.0.0.1:" + krr.getAddress().getPort());
        var properties = new KrrProperties(withPassword, 1000, Duration.ofMillis(200), 4, Duration.ofSeconds(5),
                DataSize.ofMegabytes(16), ATTEMPTS, Duration.ofMillis(1), Duration.ofSeconds(5), null);
        client = new KrrClient(HttpClient.newHttpClient(), new ObjectMapper(), tokens(), properties,
                new KrrCallObserver() { }, null);
        script.add(407);

        assertThatThrownBy(() -> lookup(List.of(ID))).isInstanceOf(KrrException.Misconfigured.class)
                .hasMessageContaining("HTTP 407 at http://").hasMessageContaining("127.0.0.1")
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void lookup_403_accessDeniedAtOnce() {
        script.add(403);
        assertThatThrownBy(() -> lookup(List.of(ID))).isInstanceOf(KrrException.AccessDenied.class);
        assertThat(requestedAt).hasSize(1);
        assertThat(invalidated).isEmpty();
    }

    @Test
    void lookup_401Once_tokenRenewedOnceAndTheCallAnswered() {
        script.add(401);
        assertThat(lookup(List.of(ID))).containsKey(ID);
        assertThat(invalidated).extracting(AccessToken::value).containsExactly("token-1");
        assertThat(tokensSent).containsExactly("Bearer token-1", "Bearer token-2");
    }

    @Test
    void lookup_401Twice_accessDeniedAfterOneRenewal() {
        script.addAll(List.of(401, 401, 401));
        assertThatThrownBy(() -> lookup(List.of(ID))).isInstanceOf(KrrException.AccessDenied.class);
        assertThat(invalidated).hasSize(1);
        assertThat(requestedAt).hasSize(2);
    }

    @Test
    void lookup_429WithRetryAfter_waitsAtLeastWhatKrrAsked() {
        retryAfter = "1";
        script.add(429);
        assertThat(lookup(List.of(ID))).containsKey(ID);
        assertThat(requestedAt).hasSize(2);
        // The backoff alone would wait 1 ms; a lower bound holds on a loaded machine.
        assertThat(Duration.ofNanos(requestedAt.get(1) - requestedAt.get(0))).isGreaterThanOrEqualTo(
                Duration.ofMillis(950));
    }

    @Test
    void lookup_answerNotJson_unavailableWithoutRetry() {
        krr.removeContext("/rest/v2/personer");
        krr.createContext("/rest/v2/personer", exchange -> {
            requestedAt.add(System.nanoTime());
            exchange.getRequestBody().readAllBytes();
            byte[] answer = "<html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        assertThatThrownBy(() -> lookup(List.of(ID))).isInstanceOf(KrrException.Unavailable.class)
                .hasMessageContaining("not JSON");
        assertThat(requestedAt).hasSize(1);
    }

    @Test
    void lookup_answerStallsAfterItsHeaders_unavailableWithinTheTimeoutPerAttempt() throws Exception {
        try (StallingServer stalling = new StallingServer("/rest/v2/personer", "{\"personer\": [")) {
            KrrProperties quick = new KrrProperties(stalling.uri(""), 1000, Duration.ofMillis(200), 4,
                    Duration.ofMillis(300), DataSize.ofMegabytes(16), ATTEMPTS, Duration.ofMillis(1),
                    Duration.ofSeconds(5), null);
            KrrClient stalled = new KrrClient(HttpClient.newHttpClient(), new ObjectMapper(), tokens(), quick,
                    new KrrCallObserver() { }, null);
            // gateway.krr.timeout is one call's, the answer's body included: a stalled body is a timeout, retried
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(
                    () -> stalled.lookup(new KrrBatch(List.of(ID), null)))
                    .isInstanceOf(KrrException.Unavailable.class).hasMessageContaining("HttpTimeoutException"));
            assertThat(stalling.requests()).isEqualTo(ATTEMPTS);
        }
    }

    /**
     * An answer far over gateway.krr.max-answer-size, chunked or declared, is refused as it comes, its connection
     * closed, and not asked for again: as for an answer that is not JSON, intake is held back and the ids retried.
     */
    @ParameterizedTest
    @ValueSource(longs = {0, 1L << 30})
    void lookup_answerOverTheMaxAnswerSize_unavailableWithoutRetryAndTheConnectionClosed(long declaredLength) {
        try (FloodingServer flooding = new FloodingServer("/rest/v2/personer", "{\"personer\": [", declaredLength)) {
            KrrProperties capped = new KrrProperties(flooding.uri(""), 1000, Duration.ofMillis(200), 4,
                    Duration.ofSeconds(20), DataSize.ofKilobytes(64), ATTEMPTS, Duration.ofMillis(1),
                    Duration.ofSeconds(5), null);
            KrrClient flooded = new KrrClient(HttpClient.newHttpClient(), new ObjectMapper(), tokens(), capped,
                    new KrrCallObserver() { }, null);

            assertThatThrownBy(() -> flooded.lookup(new KrrBatch(List.of(ID), null)))
                    .isInstanceOf(KrrException.Unavailable.class)
                    .hasMessageContaining("over gateway.krr.max-answer-size (65536B)");
            assertThat(flooding.requests()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(20)).until(flooding::closedByClient);
        }
    }

    /** Each person read cost about 200 bytes: 16 MB of persons never asked held 89 MB until the answer was judged. */
    @Test
    void lookup_answerListingPersonsNotAsked_keepsOnlyThePersonsAsked() {
        alsoListed = IntStream.range(0, 100_000).mapToObj(i -> ",{\"personidentifikator\":\"" + (10_000_000_000L + i)
                + "\"}").collect(Collectors.joining());

        Map<String, KrrPerson> persons = lookup(List.of(ID));
        assertThat(persons.size()).as("persons kept").isEqualTo(1);
        assertThat(persons).containsKey(ID);
    }

    private Map<String, KrrPerson> lookup(List<String> ids) {
        return client.lookup(new KrrBatch(ids, null)).persons();
    }

    private AccessTokenProvider tokens() {
        return new AccessTokenProvider() {
            private volatile AccessToken current = issue();

            private AccessToken issue() {
                return new AccessToken("token-" + tokensIssued.incrementAndGet(), Instant.now(),
                        Instant.now().plusSeconds(120));
            }

            @Override
            public AccessToken token() {
                return current;
            }

            @Override
            public AccessToken token(String consumerOrg) {
                return current;
            }

            @Override
            public void invalidate(AccessToken refused) {
                invalidated.add(refused);
                current = issue();
            }
        };
    }
}
