// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** An answer of {@link KafkaClusterProbe}, reused until {@code cacheFor} has passed. */
final class CachedAnswer<T> {
    private final T value;
    private final Instant at;
    private final Clock clock;
    private final Duration cacheFor;

    CachedAnswer(T value, Clock clock, Duration cacheFor) {
        this.value = value;
        this.at = clock.instant();
        this.clock = clock;
        this.cacheFor = cacheFor;
    }

    T value() {
        return value;
    }

    boolean isStale() {
        return !clock.instant().isBefore(at.plus(cacheFor));
    }
}
