// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the KRR circuit breaker from its properties, with a state gauge and a log line on every transition. Route
 * {@code krr-call} runs each KRR call through it (Camel's circuitBreaker EIP), so it counts whole calls, retries
 * included. Only "KRR unavailable" faults count as failures: KRR answering 400/422/401/403 or any other 4xx answered,
 * and a fault before KRR (no token) says nothing about KRR.
 */
public final class KrrCircuit {

    private static final Logger log = LoggerFactory.getLogger(KrrCircuit.class);

    private KrrCircuit() {
    }

    /** As many half-open trial calls as calls in flight: the first batch after recovery is not refused. */
    public static CircuitBreaker create(KrrCircuitProperties properties, int concurrentCalls, MeterRegistry meters) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(properties.slidingWindowSize())
                .minimumNumberOfCalls(properties.minimumCalls())
                .failureRateThreshold(properties.failureRateThreshold())
                .waitDurationInOpenState(properties.openFor())
                .permittedNumberOfCallsInHalfOpenState(Math.max(properties.trialCalls(), concurrentCalls))
                .recordException(KrrException.Unavailable.class::isInstance)
                .ignoreException(fault -> !(fault instanceof KrrException))
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
        CircuitBreaker circuit = CircuitBreaker.of("krr", config);
        circuit.getEventPublisher().onStateTransition(event ->
                log.warn("KRR circuit {}", event.getStateTransition()));
        Gauge.builder("gateway.krr.circuit.state", circuit, KrrCircuit::stateValue)
                .description("KRR circuit breaker: 0 closed, 1 half-open, 2 open")
                .register(meters);
        return circuit;
    }

    static double stateValue(CircuitBreaker circuit) {
        return switch (circuit.getState()) {
            case CLOSED, DISABLED, METRICS_ONLY -> 0;
            case HALF_OPEN -> 1;
            case OPEN, FORCED_OPEN -> 2;
        };
    }
}
