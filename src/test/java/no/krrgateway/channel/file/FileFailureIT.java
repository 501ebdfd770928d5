// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static no.krrgateway.channel.file.FileChannelHarness.await;
import static no.krrgateway.channel.file.FileChannelHarness.drop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.krrgateway.simulator.FaultSettings;
import no.krrgateway.simulator.SimulatorFaults;
import no.krrgateway.simulator.SimulatorStats;
import no.krrgateway.support.TestIds;
import org.apache.camel.spi.IdempotentRepository;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Files that fail for a reason other than a refusal, and a KRR answering 404: the first ends in the error folder
 * after gateway.files.max-attempts attempts (not retried every poll with all its KRR calls); the second holds intake
 * back as a configuration fault, never answering the ids, and the file is done once KRR answers again. A file whose
 * attempt failed waits its own delay (gateway.hold-back.*), untouched, before the next: {@code delayed}'s are long.
 */
class FileFailureIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MAX_ATTEMPTS = 3;

    @RegisterExtension
    static final FileChannelGateway files = new FileChannelGateway(Duration.ofMillis(20), Map.of(
            "gateway.files.max-attempts", String.valueOf(MAX_ATTEMPTS),
            "gateway.hold-back.initial-delay", "200ms",
            "gateway.hold-back.max-delay", "500ms"));
    /** A file's second attempt 10 s after its first: far longer than a poll, or than another file takes. */
    @RegisterExtension
    static final FileChannelGateway delayed = new FileChannelGateway(Duration.ofMillis(20), Map.of(
            "gateway.files.max-attempts", String.valueOf(MAX_ATTEMPTS),
            "gateway.hold-back.initial-delay", "10s",
            "gateway.hold-back.max-delay", "20s"));

    @BeforeEach
    void resetStats() {
        files.simulatorBean(SimulatorStats.class).reset();
    }

    @Test
    void directoryAtAnOutputName_fileGoesToTheErrorFolderAfterMaxAttempts() throws Exception {
        Files.createDirectories(files.outbox().resolve("blocked.results.csv"));
        Files.writeString(files.outbox().resolve("blocked.results.csv/keep"), "someone's folder");
        List<String> ids = TestIds.valid(10, 1301);

        drop(files.inbox(), "blocked.txt", (String.join("\n", ids) + "\n").getBytes(StandardCharsets.UTF_8));

        await("blocked.txt in the error folder", WAIT, () -> Files.exists(files.error().resolve("blocked.txt")));
        JsonNode report = MAPPER.readTree(files.error().resolve("blocked.error.json").toFile());
        assertThat(report.get("reason").asText()).isEqualTo("PROCESSING_FAILED");
        assertThat(report.get("attempts").asInt()).isEqualTo(MAX_ATTEMPTS);
        assertThat(report.get("detail").asText()).contains("3 attempts");
        assertThat(files.inbox().resolve("blocked.txt")).doesNotExist();
        assertThat(files.outbox().resolve("blocked.summary.json")).doesNotExist();
        assertThat(FileIntakeFixture.names(files.outbox())).noneMatch(name -> name.endsWith(".tmp"));
        // no further attempt may follow the move: the count must hold for a while, well over a poll interval
        SimulatorStats stats = files.simulatorBean(SimulatorStats.class);
        Awaitility.await("ids looked up: each attempt once, then no more").during(Duration.ofSeconds(1))
                .atMost(WAIT).until(() -> stats.snapshot().krrIdsRequested() == (long) MAX_ATTEMPTS * ids.size());
    }

    /**
     * A file failing (a folder at its output's name) waits its delay after the failed attempt, neither locked nor
     * looked up by the polls meanwhile, while a file dropped after it is done: the delay is the file's own.
     */
    @Test
    void fileFailing_untakenWhileItsDelayRuns_aFileDroppedMeanwhileIsDone() throws Exception {
        Files.createDirectories(delayed.outbox().resolve("blocked.results.csv"));
        SimulatorStats stats = delayed.simulatorBean(SimulatorStats.class);
        long before = stats.snapshot().krrIdsRequested();
        try {
            drop(delayed.inbox(), "blocked.txt", (String.join("\n", TestIds.valid(10, 1306)) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            awaitFailedAndWaiting("blocked", before + 10);

            drop(delayed.inbox(), "beside.txt", (String.join("\n", TestIds.valid(5, 1307)) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            await("beside.txt done", WAIT, () -> Files.exists(delayed.inbox().resolve(".done/beside.txt")));

            assertThat(stats.snapshot().krrIdsRequested()).as("blocked.txt looked up once, beside.txt once")
                    .isEqualTo(before + 15);
            assertThat(delayed.inbox().resolve("blocked.txt")).exists();
            assertThat(delayed.error().resolve("blocked.txt")).doesNotExist();
        } finally { // not tried again in the other tests
            Files.deleteIfExists(delayed.inbox().resolve("blocked.txt"));
        }
    }

    /**
     * The outbox on a real full disk (a 1 MB tmpfs mounted over it; skipped where mount is not allowed) for a spell
     * shorter than the file's attempts span: it waits, untaken, after its failed attempt, and is done once there is
     * space, not refused (before, its attempts came a poll apart and it was refused within a second).
     */
    @Test
    void outboxFullForLessThanTheAttemptsSpan_fileWaitsItsDelay_doneOnceThereIsSpace() throws Exception {
        Path outbox = Files.createDirectories(delayed.outbox());
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m,mode=700", "tmpfs", outbox.toString()),
                "cannot mount a tmpfs");
        try {
            Path filler = outbox.resolve("filler");
            try {
                Files.write(filler, new byte[2 << 20]);
            } catch (IOException full) {
                // as meant
            }
            List<String> ids = TestIds.valid(10, 1308);
            SimulatorStats stats = delayed.simulatorBean(SimulatorStats.class);
            long before = stats.snapshot().krrIdsRequested();
            drop(delayed.inbox(), "spell.txt", (String.join("\n", ids) + "\n").getBytes(StandardCharsets.UTF_8));
            awaitFailedAndWaiting("spell", before + ids.size());

            Files.delete(filler);
            await("spell.txt done", WAIT, () -> Files.exists(delayed.inbox().resolve(".done/spell.txt")));
            assertThat(delayed.error().resolve("spell.txt")).doesNotExist();
            assertThat(Files.readAllLines(outbox.resolve("spell.results.jsonl"))).hasSize(ids.size());
            assertThat(stats.snapshot().krrIdsRequested()).isEqualTo(before + 2L * ids.size());
        } finally {
            if (!run("umount", outbox.toString())) {
                run("umount", "-l", outbox.toString());
            }
        }
    }

    /** The first attempt of inbox/STEM.txt failed; for a second, well over a poll, no poll takes or looks it up. */
    private static void awaitFailedAndWaiting(String stem, long idsLookedUp) {
        SimulatorStats stats = delayed.simulatorBean(SimulatorStats.class);
        IdempotentRepository locks = delayed.gateway().getBean("fileInboxLocks", IdempotentRepository.class);
        FileIntake intake = delayed.gateway().getBean(FileIntake.class);
        await("the first attempt failed, its lock released", WAIT, () -> intake.failing != null
                && stats.snapshot().krrIdsRequested() == idsLookedUp && !locks.contains(stem));
        Awaitility.await("no poll takes the file while its delay runs").during(Duration.ofSeconds(1)).atMost(WAIT)
                .pollInterval(Duration.ofMillis(20)).until(() -> stats.snapshot().krrIdsRequested() == idsLookedUp
                        && !locks.contains(stem) && Files.exists(delayed.inbox().resolve(stem + ".txt")));
    }

    private static boolean run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    @Test
    void fileMadeUnreadable_goesToTheErrorFolderAfterMaxAttempts() throws Exception {
        Files.createDirectories(files.inbox());
        Path file = files.inbox().resolve("unreadable.txt");
        Path part = files.inbox().resolve("unreadable.txt.part");
        Files.writeString(part, String.join("\n", TestIds.valid(5, 1302)) + "\n");
        Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("-w-------"));
        assumeFalse(Files.isReadable(part), "root reads a file whatever its permissions; run as another user");
        Files.move(part, file);

        await("unreadable.txt in the error folder", WAIT, () -> Files.exists(files.error().resolve("unreadable.txt")));
        JsonNode report = MAPPER.readTree(files.error().resolve("unreadable.error.json").toFile());
        assertThat(report.get("reason").asText()).isEqualTo("PROCESSING_FAILED");
        assertThat(report.get("detail").asText()).contains("AccessDeniedException");
    }

    @Test
    void doneSwappedForALinkWhileTheFileIsLookedUp_theInputNeverFollowsTheLink() throws Exception {
        Path done = Files.createDirectories(files.inbox().resolve(".done"));
        Path parked = files.inbox().resolve(".done-parked");
        Path elsewhere = Files.createDirectories(files.work().resolve("elsewhere"));
        SimulatorFaults faults = files.simulatorBean(SimulatorFaults.class);
        faults.replace(new FaultSettings(null, null, null, null, null, null, null, null, null, Duration.ofSeconds(2),
                Duration.ofSeconds(2), null, null, null, null, null, null));
        try {
            drop(files.inbox(), "swapped.txt", (String.join("\n", TestIds.valid(3, 1304)) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            await("the file's KRR call under way", WAIT, () ->
                    files.simulatorBean(SimulatorStats.class).snapshot().krrCalls() > 0);
            // a writer to the inbox swaps .done for a link after the gateway checked it
            Files.move(done, parked);
            Files.createSymbolicLink(done, elsewhere);
            faults.clear();

            await("swapped.txt in the error folder", WAIT, () -> Files.exists(files.error().resolve("swapped.txt")));

            assertThat(elsewhere).as("where the link points").isEmptyDirectory();
            JsonNode report = MAPPER.readTree(files.error().resolve("swapped.error.json").toFile());
            assertThat(report.get("reason").asText()).isEqualTo("PROCESSING_FAILED");
            assertThat(report.get("detail").asText()).contains(".done folder is not a real folder");
        } finally {
            faults.clear();
            Files.deleteIfExists(done);
            Files.move(parked, done);
        }
    }

    @Test
    void fifoDroppedAmongFiles_refusedAsNotARegularFileWhileTheOthersAreAnswered() throws Exception {
        FileIntakeFixture.mkfifo(files.inbox().resolve("pipe.txt"));
        List<String> names = List.of("beside1.txt", "beside2.txt", "beside3.txt", "beside4.txt");
        for (String name : names) {
            drop(files.inbox(), name, (String.join("\n", TestIds.valid(5, 1305)) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }

        // moved, not only reported: a worker that opened it (to read, or to change its mode) would wait for ever
        await("pipe.txt in the error folder", WAIT, () -> Files.exists(files.error().resolve("pipe.txt")));
        assertThat(MAPPER.readTree(files.error().resolve("pipe.error.json").toFile()).get("reason").asText())
                .isEqualTo("NOT_A_REGULAR_FILE");
        for (String name : names) {
            await(name + " answered", WAIT, () -> Files.exists(files.inbox().resolve(".done/" + name)));
            assertThat(Files.readAllLines(files.outbox().resolve(name.replace(".txt", ".results.jsonl"))))
                    .hasSize(5);
        }
    }

    @Test
    void krrAnswers404_intakeHeldBackAsAConfigurationFault_noAnswerUntilKrrIsFixed() throws Exception {
        SimulatorFaults faults = files.simulatorBean(SimulatorFaults.class);
        faults.replace(new FaultSettings(null, null, null, 404, -1, null, null, null, null, null, null, null, null,
                null, null, null, null));
        List<String> ids = TestIds.valid(1000, 1303);
        HealthIndicator krr = files.gateway().getBean("krrHealthIndicator", HealthIndicator.class);
        try {
            drop(files.inbox(), "wrongurl.txt", (String.join("\n", ids) + "\n").getBytes(StandardCharsets.UTF_8));
            await("health krr DOWN with KRR_MISCONFIGURED", WAIT, () -> {
                Health health = krr.health();
                return "DOWN".equals(health.getStatus().getCode())
                        && "KRR_MISCONFIGURED".equals(health.getDetails().get("code"));
            });
            assertThat((String) krr.health().getDetails().get("reason")).contains("HTTP 404")
                    .contains("gateway.krr.base-url");
            // more holds than max-attempts: a configuration fault never counts against the file
            await("several held-back attempts", WAIT, () ->
                    files.simulatorBean(SimulatorStats.class).snapshot().krrCalls() >= 4L * (MAX_ATTEMPTS + 1));
            assertThat(files.inbox().resolve("wrongurl.txt")).exists();
            assertThat(files.error().resolve("wrongurl.txt")).doesNotExist();
            assertThat(files.outbox().resolve("wrongurl.summary.json")).doesNotExist();
            assertThat(files.outbox().resolve("wrongurl.results.jsonl")).doesNotExist();
        } finally {
            faults.clear();
        }
        long callsWhileWrong = files.simulatorBean(SimulatorStats.class).snapshot().krrCalls();

        await("wrongurl.txt done", WAIT, () -> Files.exists(files.inbox().resolve(".done/wrongurl.txt")));

        assertThat(Files.readAllLines(files.outbox().resolve("wrongurl.results.jsonl"))).hasSize(1000)
                .noneMatch(line -> line.contains("KRR_REJECTED"));
        assertThat(krr.health().getStatus().getCode()).isEqualTo("UP");
        System.out.printf("KRR 404 for 1000 ids in batches of 250: %d KRR calls while it answered 404 (halving "
                + "would make about 2,000 per attempt), none answered KRR_REJECTED%n", callsWhileWrong);
    }
}
