// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The circuit breaker on KRR calls (resilience4j): it opens on sustained failure so that a KRR that is down gets no
 * traffic, and lets a few calls through after a while to see whether it is back.
 *
 * @param failureRateThreshold percentage of failed calls (5xx, 429, timeouts, refused connections) that opens the
 *                             circuit (default 60, above the failure rates KRR recovers from with retries)
 * @param slidingWindowSize    how many recent calls the rate is taken over (default 100: over fewer, a 40 % failure
 *                             rate reaches 60 % by chance and opens the circuit)
 * @param minimumCalls         calls needed before the rate counts (default 50)
 * @param openFor              how long the circuit stays open before letting trial calls through (default 10s)
 * @param trialCalls           calls let through while half-open (default 2)
 */
@Validated
@ConfigurationProperties("gateway.krr.circuit")
public record KrrCircuitProperties(@Min(1) @Max(100) int failureRateThreshold, @Min(1) int slidingWindowSize,
                                   @Min(1) int minimumCalls, @NotNull Duration openFor, @Min(1) int trialCalls) {
}
