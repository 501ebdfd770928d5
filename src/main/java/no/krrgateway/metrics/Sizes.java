// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/** Distribution summaries of sizes (ids per call, requests per lookup), with the buckets an operator reads them by. */
public final class Sizes {

    private Sizes() {
    }

    public static DistributionSummary register(MeterRegistry registry, String name, String description,
            double... buckets) {
        return DistributionSummary.builder(name)
                .description(description)
                .serviceLevelObjectives(buckets)
                .register(registry);
    }
}
