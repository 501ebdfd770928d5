// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.retry.Retry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import no.krrgateway.krr.model.KrrAnswer;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.maskinporten.AccessTokenProvider;
import no.krrgateway.maskinporten.AccessTokenProvider.AccessToken;
import no.krrgateway.retry.HttpAnswers;
import no.krrgateway.retry.Retries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/**
 * Retries 5xx, 429, timeouts and refused connections (Retry-After honoured), renews the token once on 401. Of other 4xx
 * only 400/422 blame the batch; the rest are configuration faults. The circuit breaker is the route's (whole calls).
 */
@Component
public record KrrClient(HttpClient http, ObjectMapper mapper, AccessTokenProvider tokens, KrrProperties properties,
                        KrrCallObserver observer, @Nullable SignedAnswers signedAnswers) {

    private static final Logger log = LoggerFactory.getLogger(KrrClient.class);

    // A 401 means the cached token is no longer good (revoked, or KRR's clock is ahead of ours): renewed once.
    public Reply lookup(KrrBatch batch) {
        // POST /rest/v2/personer's body, asking KRR to include persons it does not know; a tree's toString cannot fail
        ObjectNode request = mapper.createObjectNode();
        batch.ids().forEach(request.putArray("personidentifikatorer")::add);
        byte[] body = request.put("inkluderIkkeRegistrerte", true).toString().getBytes(StandardCharsets.UTF_8);
        observer.batch(batch.size());
        // One Retry per call: it keeps nothing between calls that the gateway reads.
        Retry retry = Retries.create("KRR", properties.retryAttempts(), properties.retryBackoff(),
                properties.retryMaxBackoff(), Transient.class::isInstance,
                fault -> fault instanceof Transient t ? Optional.ofNullable(t.retryAfter) : Optional.empty(), log);
        try {
            return retry.executeSupplier(() -> attempt(body, batch, true));
        } catch (TokenRefused refused) {
            log.info("KRR answered 401; renewing the Maskinporten token and trying once more");
            tokens.invalidate(refused.token);
            return retry.executeSupplier(() -> attempt(body, batch, false));
        }
    }

    private Reply attempt(byte[] body, KrrBatch batch, boolean renewTokenOn401) {
        AccessToken token = tokens.token(batch.consumerOrg());
        long started = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = HttpAnswers.send(http, HttpRequest.newBuilder(personsUri())
                    .timeout(properties.timeout())
                    .header("Content-Type", "application/json")
                    .header("Accept", signedAnswers == null ? "application/json" : "application/jose")
                    .header("Authorization", "Bearer " + token.value())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), properties.maxAnswerSize().toBytes());
        } catch (HttpAnswers.TooLarge e) { // as for an answer that is not JSON: not asked for again
            observer.attempt(e.status, System.nanoTime() - started);
            throw new KrrException.Unavailable(e.status, "KRR answered with a body over gateway.krr.max-answer-size ("
                    + properties.maxAnswerSize() + ")", e);
        } catch (IOException e) {
            observer.attempt(0, System.nanoTime() - started);
            throw new Transient(0, "KRR did not answer: " + e.getClass().getSimpleName(), e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KrrException.Unavailable(0, "interrupted while calling KRR", e);
        }
        int status = response.statusCode();
        observer.attempt(status, System.nanoTime() - started);
        if (status == 200) {
            return reply(response.body(), Set.copyOf(batch.ids()));
        }
        if (status == 401 && renewTokenOn401) {
            throw new TokenRefused(token);
        }
        if (status == 401 || status == 403) {
            throw new KrrException.AccessDenied(status);
        }
        if (status == 429 || status >= 500) {
            throw new Transient(status, "KRR answered HTTP " + status, null,
                    response.headers().firstValue("Retry-After").flatMap(Retries::retryAfter).orElse(null));
        }
        if (status == 400 || status == 422) {
            throw new KrrException.Rejected(status);
        }
        throw new KrrException.Misconfigured(status, personsUri());
    }

    private URI personsUri() {
        return URI.create(properties.baseUrl().toString().replaceAll("/+$", "") + "/rest/v2/personer");
    }

    /** A signed answer is read only after it is verified; of its persons, only those asked are kept. */
    private Reply reply(byte[] body, Set<String> asked) {
        var opened = signedAnswers == null ? new SignedAnswers.Opened(body, null) : signedAnswers.open(body);
        try {
            return new Reply(KrrAnswer.persons(mapper, opened.payload(), asked::contains), opened.evidence());
        } catch (IOException e) {
            throw new KrrException.Unavailable(200, "KRR answered with a body that is not JSON", e);
        }
    }

    /** One call's answer: persons by id (ids KRR left out are absent) and, when kept, the signed answer (else null). */
    public record Reply(Map<String, KrrPerson> persons, Evidence evidence) {
    }

    /** Retried; the last one, after the attempts ran out, is what the caller sees. */
    private static final class Transient extends KrrException.Unavailable {
        private final transient Duration retryAfter;

        Transient(int status, String message, Throwable cause, Duration retryAfter) {
            super(status, message, cause);
            this.retryAfter = retryAfter;
        }
    }

    private static final class TokenRefused extends RuntimeException {
        private final transient AccessToken token;

        TokenRefused(AccessToken token) {
            super("KRR answered 401", null, false, false);
            this.token = token;
        }
    }
}
