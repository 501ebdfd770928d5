// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import no.krrgateway.krr.KrrCallObserver;
import org.springframework.stereotype.Component;

@Component
public class KrrCallMetrics implements KrrCallObserver {

    private final DistributionSummary batchIds;
    private final Meter.MeterProvider<Timer> attempts;

    public KrrCallMetrics(MeterRegistry registry) {
        batchIds = DistributionSummary.builder("gateway.krr.batch.ids")
                .description("Ids per KRR call (at most gateway.krr.batch-size)")
                .serviceLevelObjectives(1, 10, 50, 100, 250, 500, 750, 1000).register(registry);
        attempts = Timer.builder("gateway.krr.requests")
                .description("HTTP attempts at KRR's POST /rest/v2/personer, retries included")
                .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
                        Duration.ofSeconds(5), Duration.ofSeconds(10))
                .withRegistry(registry);
    }

    @Override
    public void batch(int ids) {
        batchIds.record(ids);
    }

    @Override
    public void attempt(int status, long nanos) {
        attempts.withTags("status", status == 0 ? "IO_ERROR" : Integer.toString(status), "outcome", outcome(status))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    static String outcome(int status) {
        return switch (status / 100) {
            case 2 -> "SUCCESS";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
    }
}
