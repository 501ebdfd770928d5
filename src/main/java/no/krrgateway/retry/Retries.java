// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.retry;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
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

    /** An HTTP {@code Retry-After} header: delay-seconds (at most an int's, so its millis fit) or an HTTP date. */
    public static Optional<Duration> retryAfter(String value) {
        String trimmed = value.trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Math.min(Long.parseLong(trimmed), Integer.MAX_VALUE))));
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
