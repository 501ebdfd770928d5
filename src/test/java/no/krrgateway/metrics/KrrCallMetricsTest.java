// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class KrrCallMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void attempt_statusOrNoAnswer_taggedFromFixedSet() {
        KrrCallMetrics krr = new KrrCallMetrics(registry);
        krr.batch(1000);
        krr.attempt(200, 5_000_000);
        krr.attempt(503, 1_000_000);
        krr.attempt(0, 1_000_000);

        assertThat(registry.get("gateway.krr.batch.ids").summary().max()).isEqualTo(1000);
        assertThat(registry.get("gateway.krr.requests").tags("status", "200", "outcome", "SUCCESS").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("gateway.krr.requests").tags("status", "503", "outcome", "SERVER_ERROR").timer()
                .count()).isEqualTo(1);
        assertThat(registry.get("gateway.krr.requests").tags("status", "IO_ERROR", "outcome", "UNKNOWN").timer()
                .count()).isEqualTo(1);
    }
}
