// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static no.krrgateway.channel.file.FileChannelHarness.await;
import static no.krrgateway.channel.file.FileChannelHarness.drop;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.TestIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Crash safety and bounded memory with a real process: a gateway JVM started with {@code -Xmx256m} and killed
 * (SIGKILL) mid-file, then a restarted gateway, whose outputs must equal those of a clean run.
 */
class IntakeFileCrashIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path work;

    @Test
    void gatewayKilledMidFile_restartReadsTheFileAgainAndOutputsEqualACleanRun() throws Exception {
        List<String> ids = new ArrayList<>(TestIds.valid(30_000, 11));
        List<String> invalid = TestIds.invalid(30, 11);
        for (int i = 0; i < invalid.size(); i++) {
            ids.add(i * 1000, invalid.get(i));
        }
        byte[] content = (String.join("\n", ids) + "\n").getBytes(StandardCharsets.UTF_8);
        try (var harness = new FileChannelHarness(work.resolve("keys"), Duration.ofMillis(100))) {
            Path clean = work.resolve("clean");
            try (ConfigurableApplicationContext gateway = harness.startGateway(clean)) {
                drop(clean.resolve("inbox"), "ids.txt", content);
                awaitDone(clean);
            }

            Path crashed = work.resolve("crashed");
            drop(crashed.resolve("inbox"), "ids.txt", content);
            Process process = startGatewayProcess(harness.gatewayProperties(crashed), work.resolve("gateway.log"));
            try {
                Path partial = crashed.resolve("outbox/ids.results.jsonl.tmp");
                await("the first results of the file (log: " + work.resolve("gateway.log") + ")", WAIT,
                        () -> size(partial) > 0 || !process.isAlive());
                assertThat(process.isAlive()).as(() -> "the gateway process is still working on the file; its log:\n"
                        + tail(work.resolve("gateway.log"))).isTrue();
            } finally {
                process.destroyForcibly().waitFor();
            }

            assertThat(crashed.resolve("inbox/ids.txt")).exists();
            assertThat(crashed.resolve("inbox/.done/ids.txt")).doesNotExist();
            assertThat(FileIntakeFixture.names(crashed.resolve("outbox")))
                    .noneMatch(name -> name.equals("ids.summary.json") || name.endsWith(".csv")
                            || name.endsWith(".jsonl"));

            try (ConfigurableApplicationContext restarted = harness.startGateway(crashed)) {
                awaitDone(crashed);
            }
        }
        assertThat(FileIntakeFixture.names(work.resolve("crashed/outbox")))
                .containsExactly("ids.results.csv", "ids.results.jsonl", "ids.summary.json");
        assertThat(Files.readString(work.resolve("crashed/outbox/ids.results.csv")))
                .isEqualTo(Files.readString(work.resolve("clean/outbox/ids.results.csv")));
        assertThat(withoutTimes(work.resolve("crashed/outbox/ids.results.jsonl")))
                .isEqualTo(withoutTimes(work.resolve("clean/outbox/ids.results.jsonl")));
        assertThat(withoutTimes(work.resolve("crashed/outbox/ids.summary.json")))
                .isEqualTo(withoutTimes(work.resolve("clean/outbox/ids.summary.json")));
    }

    /** The memory bound, too slow for every build: {@code -Dkrr.file.million=true} runs it. */
    @Test
    @EnabledIfSystemProperty(named = "krr.file.million", matches = "true")
    void millionIds_inAGatewayWith256MbHeap_allWrittenInOrder() throws Exception {
        List<String> ids = TestIds.valid(1_000_000, 13);
        try (var harness = new FileChannelHarness(work.resolve("keys"), Duration.ZERO)) {
            Path root = work.resolve("million");
            byte[] content = (String.join("\n", ids) + "\n").getBytes(StandardCharsets.UTF_8);
            drop(root.resolve("inbox"), "million.txt", content);
            Map<String, Object> properties = harness.gatewayProperties(root);
            properties.put("gateway.krr.batch-size", "1000");
            long started = System.nanoTime();
            Process process = startGatewayProcess(properties, work.resolve("million.log"));
            try {
                await("million.txt in inbox/.done", Duration.ofMinutes(10),
                        () -> Files.exists(root.resolve("inbox/.done/million.txt")) || !process.isAlive());
            } finally {
                process.destroyForcibly().waitFor();
            }
            System.out.println("1,000,000-id file in a -Xmx256m gateway: "
                    + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s including start-up");
            assertThat(root.resolve("outbox/million.summary.json")).exists();
            try (var lines = Files.lines(root.resolve("outbox/million.results.jsonl"))) {
                List<String> written = lines.map(IntakeFileCrashIT::personId).toList();
                assertThat(written).isEqualTo(ids);
            }
        }
    }

    private static Process startGatewayProcess(Map<String, Object> gateway, Path log) throws IOException {
        Map<String, Object> properties = new java.util.HashMap<>(gateway);
        // The harness runs without a web server; a process needs it, as in production, to keep running.
        properties.put("spring.main.web-application-type", "servlet");
        return GatewayProcess.startJvm(properties, log, "256m");
    }

    private static void awaitDone(Path root) throws InterruptedException {
        await("ids.txt in inbox/.done", WAIT, () -> Files.exists(root.resolve("inbox/.done/ids.txt")));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The file with the instants that differ between two runs blanked out: when, not what. */
    private static String withoutTimes(Path file) throws IOException {
        return Files.readString(file)
                .replaceAll("\"(evaluatedAt|startedAt|finishedAt)\" ?: ?\"[^\"]*\"", "\"$1\":\"\"");
    }

    static String personId(String jsonLine) {
        int at = jsonLine.indexOf("\"personidentifikator\":\"") + 23;
        return jsonLine.substring(at, at + 11);
    }
}
