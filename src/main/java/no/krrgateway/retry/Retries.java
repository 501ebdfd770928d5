// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.retry;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;

/** For faults a retry can fix: exponential random backoff, Retry-After capped at the longest wait, a log per retry. */
public final class Retries {

    private Retries() {
    }

    /** {@code asked}: a fault's Retry-After; the log line holds the fault's message, never an id or a token. */
    public static Retry create(String what, int attempts, Duration backoff, Duration maxBackoff,
                               Predicate<Throwable> retryable, Function<Throwable, Optional<Duration>> asked,
                               Logger log) {
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(attempts)
                .intervalBiFunction(interval(backoff, maxBackoff, asked))
                .retryOnException(retryable)
                .build();
        Retry retry = Retry.of(what, config);
        retry.getEventPublisher().onRetry(event -> log.warn("{}; attempt {} of {}, next in {} ms",
                event.getLastThrowable().getMessage(), event.getNumberOfRetryAttempts(), attempts,
                event.getWaitInterval().toMillis()));
        return retry;
    }

    /** What the server asked for is capped too: a server cannot park the gateway for an hour. */
    static IntervalBiFunction<Object> interval(Duration backoff, Duration maxBackoff,
                                               Function<Throwable, Optional<Duration>> asked) {
        // doubling, within half either side so that calls failing together do not retry together
        IntervalFunction exponential = IntervalFunction.ofExponentialRandomBackoff(backoff, 2.0, 0.5, maxBackoff);
        return (attempt, outcome) -> {
            long wait = exponential.apply(attempt);
            Optional<Duration> serverAsked = outcome.isLeft() ? asked.apply(outcome.getLeft()) : Optional.empty();
            return serverAsked.map(d -> Math.max(wait, Math.min(d.toMillis(), maxBackoff.toMillis()))).orElse(wait);
        };
    }

    /** As {@code http.send}, but the request's timeout bounds the body too, not only the wait for the headers. */
    public static <T> HttpResponse<T> send(HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> call = http.sendAsync(request, body);
        try {
            return call.get(request.timeout().orElseThrow().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new HttpTimeoutException("no whole answer within " + request.timeout().orElseThrow());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            call.cancel(true); // closes the connection of an answer still coming
        }
    }

    /** An HTTP {@code Retry-After} header: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
    public static Optional<Duration> retryAfter(String value) {
        String trimmed = value.trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(trimmed))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
