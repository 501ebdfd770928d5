// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.krrgateway.KrrGatewayApplication;
import no.krrgateway.simulator.SimulatorStats;
import no.krrgateway.support.FileGatewaySettings;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestIds;

/**
 * Scenario d: a file of 1,000,000 ids dropped into the inbox of a ready gateway JVM with {@code -Xmx256m} and only
 * the file routes (as IntakeFileCrashIT does), timed from the drop until the input is in {@code inbox/.done}.
 */
final class FileScenario {

    /** Time from the drop to done, ids/s, KRR calls, and the JVM's peaks. */
    record Measured(int ids, double seconds, long krrCalls, double meanBatch, long peakHeapMb, long peakRssMb,
                    long resultLines, Path dir) {
    }

    private final Bench bench;

    FileScenario(Bench bench) {
        this.bench = bench;
    }

    Measured run(int count, Duration latency) throws Exception {
        SimulatorServer simulator = bench.simulator(latency);
        SimulatorStats stats = simulator.context().getBean(SimulatorStats.class);
        Path dir = bench.work().resolve("d");
        Path root = dir.resolve("files");
        deleteTree(root);
        Files.createDirectories(dir);
        Path input = dir.resolve("million.txt");
        if (!Files.exists(input)) {
            List<String> ids = TestIds.valid(count, 13);
            try (BufferedWriter out = Files.newBufferedWriter(input)) {
                for (String id : ids) {
                    out.write(id);
                    out.write('\n');
                }
            }
        }
        Map<String, Object> p = FileGatewaySettings.folders(root);
        p.putAll(simulator.gatewayProperties(bench.clientKey()));
        p.put("gateway.shutdown-timeout", "2s");
        p.put("gateway.krr.batch-size", 1000);
        try (ChildJvm jvm = ChildJvm.start(dir, "256m", bench.profile(), KrrGatewayApplication.class.getName(), p)) {
            awaitHealth(jvm);
            long calls0 = stats.snapshot().krrCalls();
            long ids0 = stats.snapshot().krrIdsRequested();
            Files.createDirectories(root.resolve("inbox"));
            Path part = Files.copy(input, root.resolve("inbox/million.txt.part"));
            long started = System.nanoTime();
            Files.move(part, root.resolve("inbox/million.txt"));
            Path done = root.resolve("inbox/.done/million.txt");
            long deadline = started + Duration.ofMinutes(10).toNanos();
            while (!Files.exists(done)) {
                if (!jvm.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("d: the file was not done; see " + dir);
                }
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long calls = stats.snapshot().krrCalls() - calls0;
            long ids = stats.snapshot().krrIdsRequested() - ids0;
            long peakRss = jvm.peakRssMb();
            long lines;
            try (var stream = Files.lines(root.resolve("outbox/million.results.jsonl"))) {
                lines = stream.count();
            }
            return new Measured(count, seconds, calls, calls == 0 ? 0 : (double) ids / calls, jvm.peakHeapMb(),
                    peakRss, lines, dir);
        } finally {
            deleteTree(root); // about 1 GB of results
        }
    }

    private static void awaitHealth(ChildJvm jvm) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline && jvm.isAlive()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        // Liveness: the whole health is DOWN here, as this run has no Kafka broker (kafka component).
                        URI.create("http://localhost:" + jvm.managementPort() + "/actuator/health/liveness")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("d: the gateway did not become healthy; see " + jvm.dir());
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
