// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.krrgateway.support.GatewayProcess;

/**
 * A JVM the benchmark starts on the test classpath (a gateway or the bare Kafka pass-through), so that its memory is
 * its own: peak heap from its GC log (the largest heap in use before a collection), peak RSS from
 * {@code /proc/<pid>/status} (VmHWM), and, when profiling, a JFR recording written on exit.
 */
final class ChildJvm implements AutoCloseable {

    private static final Pattern GC_PAUSE = Pattern.compile("\\) (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final Process process;
    private final Path dir;
    private final int port;
    private final int managementPort;
    private long peakRssKb = -1;

    private ChildJvm(Process process, Path dir, int port, int managementPort) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.managementPort = managementPort;
    }

    /** Starts {@code mainClass} with {@code -Xmx<heap>}, its output in {@code dir/process.log}. */
    static ChildJvm start(Path dir, String heap, boolean profile, String mainClass, Map<String, Object> properties)
            throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("gc.log"));
        int port = freePort();
        // The actuator on a port of its own, as shipped.
        int management = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-Xlog:gc:file=" + dir.resolve("gc.log")));
        if (profile) {
            command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + dir.resolve("run.jfr"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass, "--server.port=" + port,
                "--management.server.port=" + management));
        command.addAll(List.of(GatewayProcess.args(properties)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("process.log").toFile()).start();
        return new ChildJvm(process, dir, port, management);
    }

    int port() {
        return port;
    }

    /** The actuator's port. */
    int managementPort() {
        return managementPort;
    }

    Path dir() {
        return dir;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Peak resident set size so far, in MB; read before {@link #close()}. */
    long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    peakRssKb = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            // the process is gone: keep the last reading
        }
        return peakRssKb < 0 ? -1 : peakRssKb / 1024;
    }

    /** The most heap in use before any collection, in MB, from the GC log (-1 when no collection ran). */
    long peakHeapMb() {
        try {
            long peak = -1;
            for (String line : Files.readAllLines(dir.resolve("gc.log"))) {
                Matcher m = GC_PAUSE.matcher(line);
                if (m.find()) {
                    peak = Math.max(peak, Long.parseLong(m.group(1)));
                }
            }
            return peak;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Stops the JVM like an operator would (SIGTERM), so the JFR recording is written; then forcibly. */
    @Override
    public void close() throws InterruptedException {
        peakRssMb();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
