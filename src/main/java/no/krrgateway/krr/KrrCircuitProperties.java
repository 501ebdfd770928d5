// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The circuit breaker on KRR calls (resilience4j, in route krr-call): it opens on sustained failure so that a KRR that
 * is down gets no traffic, and lets a few calls through after a while to see whether it is back. It counts whole
 * calls, each after its retries (gateway.krr.retry-*), and only KRR being unavailable as a failure.
 *
 * @param failureRateThreshold percentage of failed calls (5xx, 429, timeouts, refused connections after every retry)
 *                             that opens the circuit (default 60)
 * @param slidingWindowSize    how many recent calls the rate is taken over (default 10)
 * @param minimumCalls         calls needed before the rate counts (default 5)
 * @param openFor              how long the circuit stays open before letting trial calls through (default 10s)
 * @param trialCalls           calls let through while half-open, at least gateway.krr.max-concurrent-calls; other
 *                             calls meanwhile wait for their verdict in route krr-call (default 4)
 */
@Validated
@ConfigurationProperties("gateway.krr.circuit")
public record KrrCircuitProperties(@Min(1) @Max(100) int failureRateThreshold, @Min(1) int slidingWindowSize,
                                   @Min(1) int minimumCalls, @NotNull Duration openFor, @Min(1) int trialCalls) {
}
