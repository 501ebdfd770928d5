// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class FileMetricsTest {

    @Test
    void processed_doneOrErrorTarget_countedByOutcome() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FileMetrics metrics = new FileMetrics(registry);

        metrics.processed(".done/ids.txt");
        metrics.processed(".done/more.csv");
        metrics.processed("/data/error/bad.json");

        assertThat(registry.get("gateway.files.processed").tag("outcome", "done").counter().count()).isEqualTo(2);
        assertThat(registry.get("gateway.files.processed").tag("outcome", "error").counter().count()).isEqualTo(1);
    }
}
