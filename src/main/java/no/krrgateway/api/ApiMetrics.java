// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Tags are status codes only, never ids. */
@Component
public class ApiMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary batchIds;
    private final DistributionSummary batchRequests;

    public ApiMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchIds = DistributionSummary.builder("gateway.api.coalesced.ids")
                .description("Distinct ids per coalesced lookup of API requests")
                .serviceLevelObjectives(1, 10, 100, 500, 1000).register(registry);
        this.batchRequests = DistributionSummary.builder("gateway.api.coalesced.requests")
                .description("API requests sharing one coalesced lookup")
                .serviceLevelObjectives(1, 10, 100, 500, 1000).register(registry);
    }

    public void waitingIds(LookupCoalescer coalescer) {
        Gauge.builder("gateway.api.waiting.ids", coalescer, LookupCoalescer::waitingIds)
                .description("Ids of API requests taken and not yet answered")
                .register(registry);
    }

    public void batch(int distinctIds, int requests) {
        batchIds.record(distinctIds);
        batchRequests.record(requests);
    }

    /** {@code started}: its {@code System.nanoTime()} on arrival. */
    void answered(int status, int outcomes, long started) {
        registry.counter("gateway.api.requests", "status", Integer.toString(status)).increment();
        Timer.builder("gateway.api.latency")
                .description("From reading an API request to its answer")
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(registry)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        if (outcomes > 0) {
            registry.counter("gateway.api.outcomes").increment(outcomes);
        }
    }
}
