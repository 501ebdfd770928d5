// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RetriesTest {

    private static final Duration BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX = Duration.ofSeconds(10);

    /** A fault that carries the wait its server asked for, as KrrClient's do. */
    private static final class Asked extends RuntimeException {
        final Duration wait;

        Asked(Duration wait) {
            super("HTTP 429");
            this.wait = wait;
        }
    }

    private static final IntervalBiFunction<Object> INTERVAL = Retries.interval(BACKOFF, MAX,
            fault -> fault instanceof Asked asked ? Optional.ofNullable(asked.wait) : Optional.empty());

    @Test
    void interval_retryAfterLongerThanTheBackoff_waitsWhatTheServerAsked() {
        assertThat(INTERVAL.apply(1, Either.left(new Asked(Duration.ofSeconds(3))))).isEqualTo(3000);
    }

    @Test
    void interval_retryAfterOverTheLongestWait_cappedThere() {
        assertThat(INTERVAL.apply(1, Either.left(new Asked(Duration.ofHours(1))))).isEqualTo(MAX.toMillis());
    }

    @Test
    void interval_retryAfterShorterThanTheBackoff_theBackoffStands() {
        for (int i = 0; i < 100; i++) {
            assertThat(INTERVAL.apply(4, Either.left(new Asked(Duration.ZERO)))).isBetween(800L, 2401L);
        }
    }

    @Test
    void interval_noRetryAfter_exponentialWithinHalfEitherSideAndNeverOverTheLongestWait() {
        for (int i = 0; i < 100; i++) {
            assertThat(INTERVAL.apply(1, Either.left(new IllegalStateException()))).isBetween(100L, 301L);
            assertThat(INTERVAL.apply(3, Either.left(new Asked(null)))).isBetween(400L, 1201L);
            assertThat(INTERVAL.apply(12, Either.left(new IllegalStateException()))).isEqualTo(MAX.toMillis());
        }
    }

    @Test
    void create_retryableFault_triedTheConfiguredNumberOfTimesThenThrown() {
        assertThat(attemptsUntilThrown(new IllegalStateException("HTTP 503"))).isEqualTo(3);
    }

    @Test
    void create_faultARetryCannotFix_thrownAtOnce() {
        assertThat(attemptsUntilThrown(new IllegalArgumentException("HTTP 400"))).isEqualTo(1);
    }

    /** Runs a call that always fails with {@code fault} under a Retry of 3 attempts that retries only IllegalState. */
    private static int attemptsUntilThrown(RuntimeException fault) {
        var retry = Retries.create("test", 3, Duration.ofMillis(1), Duration.ofMillis(2),
                IllegalStateException.class::isInstance, any -> Optional.empty(), LoggerFactory.getLogger("test"));
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry.executeSupplier(() -> {
            calls.incrementAndGet();
            throw fault;
        })).isSameAs(fault);
        return calls.get();
    }
}
