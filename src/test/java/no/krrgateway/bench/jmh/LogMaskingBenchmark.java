// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.bench.jmh;

import java.util.concurrent.TimeUnit;
import no.krrgateway.logging.PersonIdMasking;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Masking with {@link PersonIdMasking#mask}: one audit line (issue 15), the gateway's own: a numeric correlation id
 * (the benchmark's send time, masked as an id), a UUID, and one with an e-mail address (which goes through the regex
 * as well); and a 1 MB line holding a thousand ids written with separators (issue 25: linear, milliseconds). Not part
 * of the bench runner's set: after {@code ./mvnw -Pbench -o test-compile}, run {@code org.openjdk.jmh.Main
 * LogMaskingBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1} on the test classpath.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class LogMaskingBenchmark {

    private static final String LINE = "{\"event\":\"lookup\",\"at\":\"2026-11-27T03:03:00.123456789Z\","
            + "\"channel\":\"kafka\",\"source\":\"bench-a-1.requests-3-1234567\",\"requestId\":\"b-123456\","
            + "\"correlationId\":\"%s\",\"consumerOrg\":\"991825827\",\"ids\":10,"
            + "\"outcomes\":{\"results\":10,\"notifiable\":8,\"errors\":{}}}";

    @Param({"1234567890123456", "6f1c2a7e-5d4b-4c3a-9e8f-0a1b2c3d4e5f", "kari@example.no"})
    public String correlationId;

    private String line;
    private String megabyteLine;

    @Setup
    public void setUp() {
        line = LINE.formatted(correlationId);
        StringBuilder big = new StringBuilder(1 << 20);
        String[] forms = {"209146 95016", "20 09 46 950 16", "209146_95016", "209146\u00A095016"};
        for (int i = 0; big.length() < (1 << 20) - 1100; i++) {
            big.append("x".repeat(1000)).append(' ').append(forms[i % forms.length]);
        }
        megabyteLine = big.toString();
    }

    @Benchmark
    public String auditLine() {
        return PersonIdMasking.mask(line);
    }

    /** About a thousand separated ids in 1 MB; time per line (ns). */
    @Benchmark
    public String megabyteLine() {
        return PersonIdMasking.mask(megabyteLine);
    }
}
