// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.TestBroker;

/**
 * The gateway as operators run it: the built jar in its own JVM, which a test can kill with SIGKILL and start again.
 * Its output goes to {@code target/resilience/NAME-N.log}, one file per start.
 */
final class GatewayJvm implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String name;
    private final String maxHeap;
    private final Map<String, Object> properties;
    private Process process;
    private int port;
    private int managementPort;
    private int starts;

    GatewayJvm(String name, String maxHeap, Map<String, Object> properties) {
        this.name = name;
        this.maxHeap = maxHeap;
        this.properties = new TreeMap<>(properties);
        this.properties.putIfAbsent("camel.component.kafka.brokers", TestBroker.bootstrapServers());
    }

    /** The jar that {@code package} built; failsafe runs after it. */
    static Path jar() {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("krr-gateway-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/krr-gateway-*.jar: run ./mvnw verify"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list target/", e);
        }
    }

    /** Starts a new process (on a new HTTP port, so a killed one's socket is no obstacle). */
    void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        port = Harness.freePort();
        managementPort = Harness.freePort();
        Path folder = Path.of("target", "resilience", name);
        Path log = folder.resolve(name + "-" + ++starts + ".log");
        List<String> command = new ArrayList<>(List.of(Harness.java(), "-Xmx" + maxHeap,
                "-XX:+ExitOnOutOfMemoryError", "-jar", jar().toAbsolutePath().toString()));
        Map<String, Object> all = new TreeMap<>(properties);
        all.put("server.port", port);
        // The actuator on a port of its own, as shipped (sharing the server port would need the address unset),
        // with component details and metrics open to the harness.
        all.put("management.server.port", managementPort);
        all.put("management.endpoint.health.show-details", "always");
        all.put("gateway.management.public-endpoints", "health,info,prometheus");
        all.put("gateway.files.inbox", folder.toAbsolutePath().resolve("inbox"));
        all.put("gateway.files.outbox", folder.toAbsolutePath().resolve("outbox"));
        all.put("gateway.files.error", folder.toAbsolutePath().resolve("error"));
        command.addAll(List.of(GatewayProcess.args(all)));
        try {
            Files.createDirectories(folder);
            process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    /** SIGKILL: no shutdown hook, no graceful stop, nothing flushed or committed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** What one kill of {@link #killAtProgress} saw; the recovery is -1 when no outcome came after the restart. */
    record Kill(long answeredAtKill, long restartToFirstOutcomeNanos) {
    }

    /**
     * Kills the running process with SIGKILL once {@code tally} has answered each of {@code fractions} (ascending) of
     * {@code expected}, and starts it again each time; waits after each restart for its first outcome, so that the
     * next kill finds it at work rather than still starting.
     */
    List<Kill> killAtProgress(OutcomeTally tally, Set<String> expected, double[] fractions, Random random)
            throws InterruptedException {
        List<Kill> kills = new ArrayList<>();
        for (double fraction : fractions) {
            long threshold = (long) (fraction * expected.size());
            assertThat(tally.awaitAnswered(expected, threshold, Duration.ofMinutes(4)))
                    .as("progress before kill %d", kills.size() + 1).isGreaterThanOrEqualTo(threshold);
            // Deliberate: up to a second more, at random, so that the kill lands at no particular step of a batch.
            Thread.sleep(random.nextInt(1000));
            kill();
            long answeredAtKill = tally.answered(expected);
            // Deliberate: down for half a second, as a crashed pod is before its restart.
            Thread.sleep(500);
            long restarted = System.nanoTime();
            start();
            long first = tally.awaitFirstArrivalAfter(restarted, Duration.ofMinutes(3));
            kills.add(new Kill(answeredAtKill, first < 0 ? -1 : first - restarted));
        }
        return kills;
    }

    /** SIGTERM: the graceful stop of {@code gateway.shutdown-timeout}. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** SIGSTOP / SIGCONT: the process freezes and thaws, as in a long GC pause or a stalled host. */
    void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " failed");
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    int starts() {
        return starts;
    }

    /** {@code /actuator/health}, or null while the process is not answering yet. */
    /**
     * One health component, e.g. {@code krr}: read alone, because the whole health answers 503 while any part is
     * DOWN (such as Camel's consumer check of a stopped intake route), and that answer would hide this one.
     */
    JsonNode health(String component) {
        try {
            return MAPPER.readTree(Harness.http("GET", url("/actuator/health/" + component), null));
        } catch (Exception notYet) {
            return null;
        }
    }

    /** Heap in use now, in bytes, from the Prometheus scrape ({@code jvm_memory_used_bytes{area="heap"}}); -1 if down. */
    long heapUsed() {
        try {
            return Harness.http("GET", url("/actuator/prometheus"), null).lines()
                    .filter(line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
                    .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (Exception notYet) {
            return -1;
        }
    }

    private String url(String path) {
        return "http://localhost:" + managementPort + path;
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            kill();
        }
    }
}
