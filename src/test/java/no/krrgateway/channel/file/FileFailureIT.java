// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static no.krrgateway.channel.file.FileChannelHarness.await;
import static no.krrgateway.channel.file.FileChannelHarness.drop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.krrgateway.simulator.FaultSettings;
import no.krrgateway.simulator.SimulatorFaults;
import no.krrgateway.simulator.SimulatorStats;
import no.krrgateway.support.TestIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Files that fail for a reason other than a refusal, and a KRR answering 404: the first ends in the error folder
 * after gateway.files.max-attempts attempts (not retried every poll with all its KRR calls); the second holds intake
 * back as a configuration fault, never answering the ids, and the file is done once KRR answers again.
 */
class FileFailureIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MAX_ATTEMPTS = 3;

    @TempDir
    static Path work;
    static FileChannelHarness harness;
    static ConfigurableApplicationContext gateway;
    static Path inbox;
    static Path outbox;
    static Path error;

    @BeforeAll
    static void start() {
        harness = new FileChannelHarness(work.resolve("keys"), Duration.ofMillis(20));
        Map<String, Object> properties = harness.gatewayProperties(work.resolve("files"));
        properties.put("gateway.files.max-attempts", String.valueOf(MAX_ATTEMPTS));
        properties.put("gateway.hold-back.initial-delay", "200ms");
        properties.put("gateway.hold-back.max-delay", "500ms");
        gateway = new SpringApplicationBuilder(no.krrgateway.KrrGatewayApplication.class)
                .run(no.krrgateway.support.GatewayProcess.args(properties));
        inbox = work.resolve("files/inbox");
        outbox = work.resolve("files/outbox");
        error = work.resolve("files/error");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        harness.close();
    }

    @BeforeEach
    void resetStats() {
        harness.simulatorBean(SimulatorStats.class).reset();
    }

    @Test
    void directoryAtAnOutputName_fileGoesToTheErrorFolderAfterMaxAttempts() throws Exception {
        Files.createDirectories(outbox.resolve("blocked.results.csv"));
        Files.writeString(outbox.resolve("blocked.results.csv/keep"), "someone's folder");
        List<String> ids = TestIds.valid(10, 1301);

        drop(inbox, "blocked.txt", (String.join("\n", ids) + "\n").getBytes(StandardCharsets.UTF_8));

        await("blocked.txt in the error folder", WAIT, () -> Files.exists(error.resolve("blocked.txt")));
        JsonNode report = MAPPER.readTree(error.resolve("blocked.error.json").toFile());
        assertThat(report.get("reason").asText()).isEqualTo("PROCESSING_FAILED");
        assertThat(report.get("attempts").asInt()).isEqualTo(MAX_ATTEMPTS);
        assertThat(report.get("detail").asText()).contains("3 attempts");
        assertThat(inbox.resolve("blocked.txt")).doesNotExist();
        assertThat(outbox.resolve("blocked.summary.json")).doesNotExist();
        assertThat(FileIntakeFixture.names(outbox)).noneMatch(name -> name.endsWith(".tmp"));
        // settle: no further attempt may follow the move
        Thread.sleep(1000);
        assertThat(harness.simulatorBean(SimulatorStats.class).snapshot().krrIdsRequested())
                .as("ids looked up: each attempt once, then no more").isEqualTo((long) MAX_ATTEMPTS * ids.size());
    }

    @Test
    void fileMadeUnreadable_goesToTheErrorFolderAfterMaxAttempts() throws Exception {
        Files.createDirectories(inbox);
        Path file = inbox.resolve("unreadable.txt");
        Path part = inbox.resolve("unreadable.txt.part");
        Files.writeString(part, String.join("\n", TestIds.valid(5, 1302)) + "\n");
        Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("-w-------"));
        assumeFalse(Files.isReadable(part), "root reads a file whatever its permissions; run as another user");
        Files.move(part, file);

        await("unreadable.txt in the error folder", WAIT, () -> Files.exists(error.resolve("unreadable.txt")));
        JsonNode report = MAPPER.readTree(error.resolve("unreadable.error.json").toFile());
        assertThat(report.get("reason").asText()).isEqualTo("PROCESSING_FAILED");
        assertThat(report.get("detail").asText()).contains("AccessDeniedException");
    }

    @Test
    void doneSwappedForALinkWhileTheFileIsLookedUp_theInputNeverFollowsTheLink() throws Exception {
        Path done = Files.createDirectories(inbox.resolve(".done"));
        Path parked = inbox.resolve(".done-parked");
        Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
        SimulatorFaults faults = harness.simulatorBean(SimulatorFaults.class);
        faults.replace(new FaultSettings(null, null, null, null, null, null, null, null, null, Duration.ofSeconds(2),
                Duration.ofSeconds(2), null, null, null, null, null, null));
        try {
            drop(inbox, "swapped.txt", (String.join("\n", TestIds.valid(3, 1304)) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            await("the file's KRR call under way", WAIT, () ->
                    harness.simulatorBean(SimulatorStats.class).snapshot().krrCalls() > 0);
            // a writer to the inbox swaps .done for a link after the gateway checked it
            Files.move(done, parked);
            Files.createSymbolicLink(done, elsewhere);
            faults.clear();

            await("swapped.txt in the error folder", WAIT, () -> Files.exists(error.resolve("swapped.txt")));

            assertThat(elsewhere).as("where the link points").isEmptyDirectory();
            JsonNode report = MAPPER.readTree(error.resolve("swapped.error.json").toFile());
            assertThat(report.get("reason").asText()).isEqualTo("PROCESSING_FAILED");
            assertThat(report.get("detail").asText()).contains(".done folder is not a real folder");
        } finally {
            faults.clear();
            Files.deleteIfExists(done);
            Files.move(parked, done);
        }
    }

    @Test
    void krrAnswers404_intakeHeldBackAsAConfigurationFault_noAnswerUntilKrrIsFixed() throws Exception {
        SimulatorFaults faults = harness.simulatorBean(SimulatorFaults.class);
        faults.replace(new FaultSettings(null, null, null, 404, -1, null, null, null, null, null, null, null, null,
                null, null, null, null));
        List<String> ids = TestIds.valid(1000, 1303);
        HealthIndicator krr = gateway.getBean("krrHealthIndicator", HealthIndicator.class);
        try {
            drop(inbox, "wrongurl.txt", (String.join("\n", ids) + "\n").getBytes(StandardCharsets.UTF_8));
            await("health krr DOWN with KRR_MISCONFIGURED", WAIT, () -> {
                Health health = krr.health();
                return "DOWN".equals(health.getStatus().getCode())
                        && "KRR_MISCONFIGURED".equals(health.getDetails().get("code"));
            });
            assertThat((String) krr.health().getDetails().get("reason")).contains("HTTP 404")
                    .contains("gateway.krr.base-url");
            // more holds than max-attempts: a configuration fault never counts against the file
            await("several held-back attempts", WAIT, () ->
                    harness.simulatorBean(SimulatorStats.class).snapshot().krrCalls() >= 4L * (MAX_ATTEMPTS + 1));
            assertThat(inbox.resolve("wrongurl.txt")).exists();
            assertThat(error.resolve("wrongurl.txt")).doesNotExist();
            assertThat(outbox.resolve("wrongurl.summary.json")).doesNotExist();
            assertThat(outbox.resolve("wrongurl.results.jsonl")).doesNotExist();
        } finally {
            faults.clear();
        }
        long callsWhileWrong = harness.simulatorBean(SimulatorStats.class).snapshot().krrCalls();

        await("wrongurl.txt done", WAIT, () -> Files.exists(inbox.resolve(".done/wrongurl.txt")));

        assertThat(Files.readAllLines(outbox.resolve("wrongurl.results.jsonl"))).hasSize(1000)
                .noneMatch(line -> line.contains("KRR_REJECTED"));
        assertThat(krr.health().getStatus().getCode()).isEqualTo("UP");
        System.out.printf("KRR 404 for 1000 ids in batches of 250: %d KRR calls while it answered 404 (halving "
                + "would make about 2,000 per attempt), none answered KRR_REJECTED%n", callsWhileWrong);
    }
}
