// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import no.krrgateway.maskinporten.AccessTokenProvider;
import no.krrgateway.maskinporten.AccessTokenProvider.AccessToken;
import no.krrgateway.maskinporten.TokenRequestException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

/**
 * Route krr-call (routes/krr-call.camel.yaml) as shipped, with the gateway's KrrClient and KRR circuit, against a KRR
 * on loopback HTTP: what the circuit breaker counts, what an open circuit ends as, and the half-open trial calls.
 */
class KrrCallRouteTest {

    private static final String ID = "15897600045";

    private final AtomicInteger requests = new AtomicInteger();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private volatile int status = 200;
    private volatile long delayMillis;
    private volatile boolean tokenDown;
    private HttpServer krr;
    private CamelContext camel;
    private ProducerTemplate template;

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        if (camel != null) {
            camel.close();
        }
        krr.stop(0);
    }

    @Test
    void krrDownForGood_circuitOpensThenCallsFailAsUnavailableWithoutReachingKrr() throws Exception {
        status = 503;
        start(new KrrProperties.Circuit(50, 4, 4, Duration.ofMinutes(1), 1), 1);
        for (int i = 0; i < 4; i++) {
            assertThat(call(ID).getException()).isInstanceOf(KrrException.Unavailable.class)
                    .hasMessageContaining("HTTP 503");
        }
        assertThat(circuit().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(circuitState()).as("operations.md: 2 open, which KrrGatewayKrrCircuitOpen alerts on").isEqualTo(2.0);
        assertThat(requests).as("4 calls of 2 attempts each").hasValue(8);

        Exception open = call(ID).getException();
        assertThat(open).isInstanceOf(KrrException.Unavailable.class).hasMessageContaining("circuit is open");
        assertThat(((KrrException.Unavailable) open).status()).isZero();
        assertThat(requests).as("no request while open").hasValue(8);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 422, 403, 404})
    void krrAnswersWithAClientError_exceptionUnchangedAndTheCircuitStaysClosed(int clientError) throws Exception {
        status = clientError;
        start(new KrrProperties.Circuit(50, 4, 4, Duration.ofMinutes(1), 1), 1);
        for (int i = 0; i < 6; i++) {
            assertThat(call(ID).getException()).isInstanceOf(KrrException.class)
                    .isNotInstanceOf(KrrException.Unavailable.class)
                    .satisfies(e -> assertThat(((KrrException) e).status()).isEqualTo(clientError));
        }
        assertThat(circuit().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(circuit().getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void noTokenFromMaskinporten_notCountedAgainstKrr() throws Exception {
        tokenDown = true;
        start(new KrrProperties.Circuit(50, 4, 4, Duration.ofMinutes(1), 1), 1);
        for (int i = 0; i < 6; i++) {
            assertThat(call(ID).getException()).isInstanceOf(TokenRequestException.Unavailable.class);
        }
        assertThat(circuit().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(circuit().getMetrics().getNumberOfBufferedCalls()).isZero();
    }

    @Test
    void circuitHalfOpenWithOneTrialCallConfigured_aBatchsParallelCallsAreAllLetThroughAndAnswered()
            throws Exception {
        delayMillis = 300;
        start(new KrrProperties.Circuit(50, 4, 4, Duration.ofMinutes(1), 1), 4);
        circuit().transitionToOpenState();
        circuit().transitionToHalfOpenState();

        // KRR is back. Three calls of one batch run at once: none may be refused because a trial slot was taken.
        List<CompletableFuture<Exchange>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> call(ID), pool));
        }
        for (CompletableFuture<Exchange> call : calls) {
            Exchange done = call.get();
            assertThat(done.getException()).isNull();
            assertThat(done.getMessage().getBody(KrrClient.Reply.class).persons()).containsKey(ID);
        }
        assertThat(circuit().getState()).isNotEqualTo(CircuitBreaker.State.OPEN);
        assertThat(call(ID).getException()).isNull();
        assertThat(circuit().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void circuitHalfOpen_aCallStartingWhileTheTrialCallsAreOnTheirWayWaitsForTheirVerdict() throws Exception {
        start(new KrrProperties.Circuit(50, 4, 4, Duration.ofMinutes(1), 1), 1);
        circuit().transitionToOpenState();
        circuit().transitionToHalfOpenState();
        delayMillis = 1000;

        // KRR is back. The trial call takes a second; a call that starts meanwhile must not fail.
        CompletableFuture<Exchange> trial = CompletableFuture.supplyAsync(() -> call(ID), pool);
        await().atMost(Duration.ofSeconds(30)).until(() -> requests.get() == 1);
        Exchange meanwhile = call(ID);

        assertThat(trial.get().getException()).isNull();
        assertThat(meanwhile.getException()).isNull();
        assertThat(meanwhile.getMessage().getBody(KrrClient.Reply.class).persons()).containsKey(ID);
        assertThat(circuit().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void circuitHalfOpenAndKrrStillDown_aCallStartingMeanwhileFailsAsUnavailableOnceTheCircuitReopens()
            throws Exception {
        start(new KrrProperties.Circuit(50, 4, 4, Duration.ofMinutes(1), 1), 1);
        assertThat(circuitState()).as("0 closed").isZero();
        circuit().transitionToOpenState();
        circuit().transitionToHalfOpenState();
        assertThat(circuitState()).as("1 half-open").isEqualTo(1.0);
        status = 503;
        delayMillis = 1000;

        CompletableFuture<Exchange> trial = CompletableFuture.supplyAsync(() -> call(ID), pool);
        await().atMost(Duration.ofSeconds(30)).until(() -> requests.get() == 1);
        Exchange meanwhile = call(ID);

        assertThat(trial.get().getException()).isInstanceOf(KrrException.Unavailable.class)
                .hasMessageContaining("HTTP 503");
        assertThat(meanwhile.getException()).isInstanceOf(KrrException.Unavailable.class)
                .hasMessageContaining("circuit is open");
        assertThat(requests).as("the trial call's 2 attempts only").hasValue(2);
    }

    private Exchange call(String... ids) {
        return template.send("direct:krr-call", exchange -> exchange.getMessage().setBody(new KrrBatch(List.of(ids),
                null)));
    }

    private double circuitState() {
        return meters.get("gateway.krr.circuit.state").gauge().value();
    }

    private CircuitBreaker circuit() {
        return camel.getRegistry().lookupByNameAndType("krrCircuit", CircuitBreaker.class);
    }

    private void start(KrrProperties.Circuit circuitProperties, int concurrentCalls) throws Exception {
        krr = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        krr.setExecutor(Executors.newFixedThreadPool(4));
        krr.createContext("/rest/v2/personer", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] answer = (status == 200
                    ? "{\"personer\":[{\"personidentifikator\":\"" + ID + "\",\"status\":\"AKTIV\"}]}"
                    : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        krr.start();
        var properties = new KrrProperties(URI.create("http://127.0.0.1:" + krr.getAddress().getPort()), 1000,
                Duration.ofMillis(200), concurrentCalls, Duration.ofSeconds(5), DataSize.ofMegabytes(16), 2,
                Duration.ofMillis(1), Duration.ofMillis(2), circuitProperties);
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("krrClient", new KrrClient(HttpClient.newHttpClient(), new ObjectMapper(), tokens(),
                properties, new KrrCallObserver() { }, null));
        camel.getRegistry().bind("krrCircuit", circuitProperties.circuitBreaker(concurrentCalls, meters));
        var loader = PluginHelper.getRoutesLoader(camel);
        loader.loadRoutes(ResourceHelper.resolveResource(camel, "classpath:routes/error-policy.camel.yaml"),
                ResourceHelper.resolveResource(camel, "classpath:routes/krr-call.camel.yaml"));
        camel.start();
        template = camel.createProducerTemplate();
    }

    private AccessTokenProvider tokens() {
        return new AccessTokenProvider() {
            @Override
            public AccessToken token() {
                if (tokenDown) {
                    throw new TokenRequestException.Unavailable(503, "Maskinporten answered HTTP 503", null);
                }
                return new AccessToken("token", Instant.now(), Instant.now().plusSeconds(120));
            }

            @Override
            public AccessToken token(String consumerOrg) {
                return token();
            }

            @Override
            public void invalidate(AccessToken refused) {
            }
        };
    }
}
