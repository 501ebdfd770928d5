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
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
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

    /** Maskinporten's token answer, an issuer's metadata: 1 MB, hundreds of times what they hold. */
    public static final long ONE_MB = 1L << 20;

    /**
     * As {@code http.send} with a body of at most {@code maxBytes}: a longer one is refused as it comes (its
     * Content-Length at once) and its connection closed; the request's timeout bounds the body too.
     */
    public static HttpResponse<byte[]> send(HttpClient http, HttpRequest request, long maxBytes)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(request, info -> new Bounded(info, maxBytes));
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

    /** An answer whose body is over the most taken; {@code status} is its HTTP status. */
    public static final class TooLarge extends IOException {
        public final int status;

        TooLarge(int status, long maxBytes) {
            super("the answer is over " + maxBytes + " bytes");
            this.status = status;
        }
    }

    /** As {@code BodySubscribers.ofByteArray()}, with its one copy at the end, but refusing past {@code maxBytes}. */
    private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final List<ByteBuffer> received = new ArrayList<>();
        private final HttpResponse.ResponseInfo info;
        private final long maxBytes;
        private long size;
        private Flow.Subscription subscription;

        Bounded(HttpResponse.ResponseInfo info, long maxBytes) {
            this.info = info;
            this.maxBytes = maxBytes;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            // a declared length over the most is refused before a byte is read
            if (!refused(info.headers().firstValueAsLong("Content-Length").orElse(0))) {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            buffers.forEach(buffer -> size += buffer.remaining());
            if (!refused(size)) {
                received.addAll(buffers);
            }
        }

        private boolean refused(long bytes) {
            if (bytes > maxBytes) {
                subscription.cancel();
                body.completeExceptionally(new TooLarge(info.statusCode(), maxBytes));
            }
            return bytes > maxBytes;
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            ByteBuffer all = ByteBuffer.allocate((int) size);
            received.forEach(all::put);
            body.complete(all.array());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
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
