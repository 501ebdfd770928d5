// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The file channel's own meter, {@code gateway.files.processed{outcome=done|error}}: a file whose result files were
 * all written (done), or one moved to the error folder (error). Ids and outcomes of files are counted by
 * {@link LookupMetrics} with {@code channel=file}.
 */
public class FileMetrics {

    private final Counter done;
    private final Counter error;

    public FileMetrics(MeterRegistry registry) {
        this.done = counter(registry, "done");
        this.error = counter(registry, "error");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("gateway.files.processed")
                .description("Dropped files finished: done (results written, input moved to .done) or error")
                .tag("outcome", outcome)
                .register(registry);
    }

    public void fileDone() {
        done.increment();
    }

    public void fileFailed() {
        error.increment();
    }
}
