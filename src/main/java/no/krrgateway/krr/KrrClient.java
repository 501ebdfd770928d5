// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import no.krrgateway.krr.model.KrrAnswer;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.krr.model.PersonsRequest;
import no.krrgateway.maskinporten.AccessToken;
import no.krrgateway.maskinporten.AccessTokenProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls KRR's {@code POST /rest/v2/personer} for one batch. Retries what a retry can fix (5xx, 429, timeouts,
 * refused connections) with backoff, renews the token once on 401, and reads the answer tolerantly. Of the other
 * 4xx, only 400 and 422 blame the batch's content ({@link KrrRejectedException}, which the engine halves); any
 * other is a configuration fault ({@link KrrMisconfiguredException}). Every attempt
 * goes through the circuit breaker, so a KRR that is down is left alone instead of being hammered.
 */
public class KrrClient {

    private static final Logger log = LoggerFactory.getLogger(KrrClient.class);
    private static final Duration TRIAL_VERDICT_POLL = Duration.ofMillis(50);

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final AccessTokenProvider tokens;
    private final KrrProperties properties;
    private final URI personsUri;
    private final RetryBackoff backoff;
    private final CircuitBreaker circuit;
    private final KrrCallObserver observer;

    public KrrClient(HttpClient http, ObjectMapper mapper, AccessTokenProvider tokens, KrrProperties properties,
                     CircuitBreaker circuit) {
        this(http, mapper, tokens, properties, circuit, KrrCallObserver.NONE);
    }

    public KrrClient(HttpClient http, ObjectMapper mapper, AccessTokenProvider tokens, KrrProperties properties,
                     CircuitBreaker circuit, KrrCallObserver observer) {
        this.circuit = circuit;
        this.observer = observer;
        this.http = http;
        this.mapper = mapper;
        this.tokens = tokens;
        this.properties = properties;
        String base = properties.baseUrl().toString().replaceAll("/+$", "");
        this.personsUri = URI.create(base + "/rest/v2/personer");
        this.backoff = new RetryBackoff(properties.retryBackoff(), properties.retryMaxBackoff());
    }

    /** @return the persons KRR returned, by id; ids KRR left out are absent */
    public Map<String, KrrPerson> lookup(List<String> ids) {
        return lookup(ids, null);
    }

    /** One call for a {@link KrrBatch}: route {@code krr-call}'s step. */
    public Map<String, KrrPerson> lookup(KrrBatch batch) {
        return lookup(batch.ids(), batch.consumerOrg());
    }

    /**
     * As {@link #lookup(List)}, on behalf of a customer: with a token for {@code consumerOrg} (null = the configured
     * default).
     */
    public Map<String, KrrPerson> lookup(List<String> ids, String consumerOrg) {
        byte[] body = json(new PersonsRequest(ids, true));
        observer.batch(ids.size());
        boolean tokenRenewed = false;
        for (int attempt = 1; ; attempt++) {
            AccessToken token = consumerOrg == null ? tokens.token() : tokens.token(consumerOrg);
            if (!acquirePermission()) {
                throw new KrrUnavailableException(0, "the KRR circuit is open after repeated failures; "
                        + "waiting before trying again", null);
            }
            long started = System.nanoTime();
            HttpResponse<byte[]> response;
            try {
                response = http.send(request(body, token), HttpResponse.BodyHandlers.ofByteArray());
                observer.attempt(response.statusCode(), System.nanoTime() - started);
            } catch (IOException e) {
                observer.attempt(0, System.nanoTime() - started);
                circuit.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
                failOrWait(attempt, 0, "KRR did not answer: " + e.getClass().getSimpleName(), e, null);
                continue;
            } catch (InterruptedException e) {
                circuit.releasePermission();
                Thread.currentThread().interrupt();
                throw new KrrUnavailableException(0, "interrupted while calling KRR", e);
            }
            int status = response.statusCode();
            long took = System.nanoTime() - started;
            if (status == 429 || status >= 500) {
                circuit.onError(took, TimeUnit.NANOSECONDS, new KrrUnavailableException(status, "HTTP " + status, null));
            } else {
                circuit.onSuccess(took, TimeUnit.NANOSECONDS);
            }
            if (status == 200) {
                return read(response.body());
            }
            if (status == 401 && !tokenRenewed) {
                log.info("KRR answered 401; renewing the Maskinporten token and trying once more");
                tokens.invalidate(token);
                tokenRenewed = true;
                attempt--;
                continue;
            }
            if (status == 401 || status == 403) {
                throw new KrrAccessDeniedException(status, "KRR refused the token with HTTP " + status
                        + ": check the client's scopes and KRR access");
            }
            if (status == 429 || status >= 500) {
                failOrWait(attempt, status, "KRR answered HTTP " + status, null, retryAfter(response));
                continue;
            }
            if (status == 400 || status == 422) {
                throw new KrrRejectedException(status, "KRR rejected the batch with HTTP " + status);
            }
            throw new KrrMisconfiguredException(status, "KRR answered HTTP " + status + " at " + personsUri
                    + ", which says nothing about the ids sent: check gateway.krr.base-url and any proxy on the way "
                    + "(intake is held back until it answers)");
        }
    }

    /**
     * Permission for one attempt. While the circuit is half-open and its trial calls are all taken, waits for their
     * verdict (up to one call's timeout) instead of failing at once: otherwise the first batch after KRR's recovery
     * fails on its own extra calls, and intake is held back once more although KRR answers again.
     */
    private boolean acquirePermission() {
        long deadline = System.nanoTime() + properties.timeout().toNanos();
        while (!circuit.tryAcquirePermission()) {
            if (circuit.getState() != CircuitBreaker.State.HALF_OPEN || System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(TRIAL_VERDICT_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KrrUnavailableException(0, "interrupted while waiting for the KRR circuit", e);
            }
        }
        return true;
    }

    private void failOrWait(int attempt, int status, String message, Throwable cause, Duration retryAfter) {
        if (attempt >= properties.retryAttempts()) {
            throw new KrrUnavailableException(status, message + " (after " + attempt + " attempts)", cause);
        }
        Duration delay = backoff.delay(attempt, retryAfter);
        log.warn("{}; attempt {} of {}, next in {} ms", message, attempt, properties.retryAttempts(), delay.toMillis());
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KrrUnavailableException(status, "interrupted while waiting to retry KRR", e);
        }
    }

    private HttpRequest request(byte[] body, AccessToken token) {
        return HttpRequest.newBuilder(personsUri)
                .timeout(properties.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token.value())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private Map<String, KrrPerson> read(byte[] body) {
        try {
            return KrrAnswer.persons(mapper, body);
        } catch (IOException e) {
            throw new KrrUnavailableException(200, "KRR answered with a body that is not JSON", e);
        }
    }

    private byte[] json(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the KRR request", e);
        }
    }

    static Duration retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        return header.flatMap(RetryAfter::parse).orElse(null);
    }
}
