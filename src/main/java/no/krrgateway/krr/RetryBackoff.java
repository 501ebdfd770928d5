// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Capped exponential backoff with jitter (a random wait between half and all of the cap); a server's Retry-After wins when it asks for longer. */
public record RetryBackoff(Duration initial, Duration max) {

    /** @param attempt 1 for the wait after the first failed attempt */
    public Duration delay(int attempt, Duration retryAfter) {
        long cap = Math.min(max.toMillis(), initial.toMillis() << Math.min(attempt - 1, 20));
        long jittered = ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
        if (retryAfter != null) {
            jittered = Math.max(jittered, Math.min(retryAfter.toMillis(), max.toMillis()));
        }
        return Duration.ofMillis(jittered);
    }
}
