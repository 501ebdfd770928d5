// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import no.krrgateway.channel.file.FileIntake;
import org.springframework.stereotype.Component;

@Component
public class FileMetrics {

    private final Counter done;
    private final Counter error;

    public FileMetrics(MeterRegistry registry) {
        Meter.MeterProvider<Counter> processed = Counter.builder("gateway.files.processed")
                .description("Dropped files finished: done (results written, input moved to .done) or error")
                .withRegistry(registry);
        this.done = processed.withTag("outcome", "done");
        this.error = processed.withTag("outcome", "error");
    }

    /** {@code target}: where the input went; empty while it stays in the inbox (to be tried again, or another's). */
    public void processed(String target) {
        if (target != null && !target.isEmpty()) {
            (target.startsWith(FileIntake.DONE + "/") ? done : error).increment();
        }
    }
}
