// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import no.krrgateway.config.Redact;
import org.hibernate.validator.constraints.time.DurationMin;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param baseUrl            KRR root; the gateway calls {@code POST {base-url}/rest/v2/personer}
 * @param batchSize          most ids per KRR call, 1..1000
 * @param batchTimeout       how long a partial batch waits for more ids
 * @param maxConcurrentCalls KRR calls in flight at once, across all consumers
 * @param timeout            one KRR call's timeout
 * @param maxAnswerSize      the largest answer body taken from KRR; a longer one is refused unread (KRR unavailable)
 * @param retryAttempts      attempts per call on 5xx, 429, timeouts and refused connections
 * @param retryBackoff       first wait between attempts, doubled each time, each drawn within half of it either side
 * @param retryMaxBackoff    longest wait between attempts, also the cap on Retry-After
 * @param circuit            route krr-call's circuit breaker
 */
@Validated
@ConfigurationProperties("gateway.krr")
public record KrrProperties(
        @NotNull URI baseUrl,
        @DefaultValue("1000") @Min(1) @Max(1000) int batchSize,
        @DefaultValue("200ms") @NotNull Duration batchTimeout,
        @DefaultValue("4") @Min(1) int maxConcurrentCalls,
        @DefaultValue("10s") @NotNull @DurationMin(nanos = 1, message = "gateway.krr.timeout must be positive")
        Duration timeout,
        @DefaultValue("16MB") @NotNull DataSize maxAnswerSize,
        @DefaultValue("5") @Min(1) int retryAttempts,
        @DefaultValue("200ms") @NotNull Duration retryBackoff,
        @DefaultValue("10s") @NotNull Duration retryMaxBackoff,
        @DefaultValue @Valid @NotNull Circuit circuit) {

    /**
     * Route krr-call's circuit breaker. It counts whole calls after their retries, and only KRR unavailable as a
     * failure: a 4xx is an answer, and a fault before KRR (no token) says nothing about KRR.
     *
     * @param failureRateThreshold percentage of calls failing after every retry that opens it; 60 with 5 retries: a
     *                             KRR failing 40 % of requests fails ~1 % of calls (0.4^5), so never 60 % by chance,
     *                             while a KRR that is down opens it in 5 calls
     * @param slidingWindowSize    how many recent calls the rate is taken over
     * @param minimumCalls         calls needed before the rate counts
     * @param openFor              how long it stays open before letting trial calls through
     * @param trialCalls           calls let through while half-open, at least max-concurrent-calls; the others wait
     */
    public record Circuit(@DefaultValue("60") @Min(1) @Max(100) int failureRateThreshold,
                          @DefaultValue("10") @Min(1) int slidingWindowSize,
                          @DefaultValue("5") @Min(1) int minimumCalls,
                          @DefaultValue("10s") @NotNull Duration openFor,
                          @DefaultValue("4") @Min(1) int trialCalls) {

        /** As many half-open trial calls as calls in flight: the first batch after recovery is not refused. */
        public CircuitBreaker circuitBreaker(int concurrentCalls, MeterRegistry meters) {
            CircuitBreaker circuit = CircuitBreaker.of("krr", CircuitBreakerConfig.custom()
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(slidingWindowSize)
                    .minimumNumberOfCalls(minimumCalls)
                    .failureRateThreshold(failureRateThreshold)
                    .waitDurationInOpenState(openFor)
                    .permittedNumberOfCallsInHalfOpenState(Math.max(trialCalls, concurrentCalls))
                    .recordException(KrrException.Unavailable.class::isInstance)
                    .ignoreException(fault -> !(fault instanceof KrrException))
                    .automaticTransitionFromOpenToHalfOpenEnabled(true)
                    .build());
            circuit.getEventPublisher().onStateTransition(event ->
                    LoggerFactory.getLogger(Circuit.class).warn("KRR circuit {}", event.getStateTransition()));
            Gauge.builder("gateway.krr.circuit.state", circuit, breaker -> switch (breaker.getState()) {
                case CLOSED, DISABLED, METRICS_ONLY -> 0;
                case HALF_OPEN -> 1;
                case OPEN, FORCED_OPEN -> 2;
            }).description("KRR circuit breaker: 0 closed, 1 half-open, 2 open").register(meters);
            return circuit;
        }
    }

    @AssertTrue(message = "gateway.krr.retry-backoff must be at least 1ms and at most retry-max-backoff")
    public boolean isRetryBackoffAllowed() {
        return retryBackoff == null || retryMaxBackoff == null
                || (retryBackoff.toMillis() >= 1 && retryBackoff.compareTo(retryMaxBackoff) <= 0);
    }

    /** At most one byte array; at least a full batch's answer (4 KB a rich person, 32 KB a signed answer's header). */
    @AssertTrue(message = "gateway.krr.max-answer-size must be between 64KB and 1GB and at least "
            + "gateway.krr.batch-size × 4KB + 32KB, else a full batch's answer is cut off every time")
    public boolean isMaxAnswerSizeAllowed() {
        return maxAnswerSize == null || maxAnswerSize.toKilobytes() >= 64 && maxAnswerSize.toMegabytes() <= 1024
                && maxAnswerSize.toBytes() >= batchSize * 4096L + 32_768;
    }

    /** Without credentials a base URL might carry. */
    @Override
    public String toString() {
        return "KrrProperties[baseUrl=" + Redact.url(baseUrl) + ", batchSize=" + batchSize + ", batchTimeout="
                + batchTimeout + ", maxConcurrentCalls=" + maxConcurrentCalls + ", timeout=" + timeout
                + ", maxAnswerSize=" + maxAnswerSize + ", retryAttempts=" + retryAttempts + ", retryBackoff="
                + retryBackoff + ", retryMaxBackoff=" + retryMaxBackoff + "]";
    }
}
