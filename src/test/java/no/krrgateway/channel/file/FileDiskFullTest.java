// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static no.krrgateway.channel.file.FileIntakeFixture.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import no.krrgateway.support.TestIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.util.unit.DataSize;

/** The outbox and error folder on a real full disk: a 1 MB tmpfs (skipped where mount is not allowed, as non-root). */
class FileDiskFullTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> IDS = TestIds.valid(6, 7);

    @TempDir
    Path root;
    private Path disk;

    @BeforeEach
    void mount() throws Exception {
        disk = Files.createDirectories(root.resolve("disk"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.toString()), "cannot mount a tmpfs");
    }

    @AfterEach
    void unmount() throws Exception {
        if (!run("umount", disk.toString())) {
            run("umount", "-l", disk.toString());
        }
    }

    @Test
    void outboxAndErrorFolderFull_afterMaxAttemptsNoMoreLookups_refusedOnceThereIsSpace() throws Exception {
        var fixture = fixture();
        fixture.maxAttempts = 2;
        FileIntakeFixture.Intake intake = fixture.intake(2, DataSize.ofMegabytes(1));
        Path input = fixture.drop("ids.txt", String.join("\n", IDS) + "\n");
        Path filler = fill();

        int lookedUp = 0;
        for (int poll = 1; poll <= 5; poll++) {
            try {
                intake.process(input.toFile());
            } catch (IOException refusalNotWritten) {
                // the error folder is full too: the input stays, to be refused at a later poll
            }
            assertThat(input).exists();
            assertThat(names(fixture.outbox)).isEmpty();
            lookedUp = poll == fixture.maxAttempts ? fixture.chunks.size() : lookedUp;
        }
        assertThat(fixture.chunks).as("looked up in max-attempts attempts; then only its refusal is tried again")
                .hasSize(lookedUp);

        Files.delete(filler);
        assertThat(intake.process(input.toFile())).endsWith("ids.txt");
        assertThat(MAPPER.readTree(fixture.error.resolve("ids.error.json").toFile()).get("reason").asText())
                .isEqualTo("PROCESSING_FAILED");
        assertThat(fixture.chunks).hasSize(lookedUp);
        assertThat(names(fixture.outbox)).isEmpty();
        assertThat(names(fixture.error)).containsExactly("ids.error.json", "ids.txt");
    }

    @Test
    void outboxFull_healthFilesDegradedWithTheMaskedCause_upOnceAFileIsDone() throws Exception {
        var fixture = fixture();
        FileIntakeFixture.Intake intake = fixture.intake(2, DataSize.ofMegabytes(1));
        Health inbox = Health.up().withDetail("inbox", "taken by this instance").build();
        Path input = fixture.drop(IDS.get(0) + ".txt", String.join("\n", IDS) + "\n");
        Path filler = fill();

        assertThat(intake.process(input.toFile())).isEmpty(); // attempt 1 of 3 failed
        Health health = FileChannelConfiguration.health(inbox, intake.fileIntake);
        assertThat(health.getStatus().getCode()).isEqualTo("DEGRADED");
        assertThat(health.getDetails()).containsEntry("inbox", "taken by this instance")
                .containsEntry("outbox", fixture.outbox.toAbsolutePath().toString());
        assertThat(health.getDetails().get("failing").toString()).contains("No space left on device")
                .doesNotContain(IDS.get(0));

        Files.delete(filler);
        assertThat(intake.process(input.toFile())).startsWith(".done/");
        assertThat(FileChannelConfiguration.health(inbox, intake.fileIntake)).isEqualTo(inbox);
    }

    @Test
    void errorFolderFullForARefusedFile_inputStaysWithNoLeftovers_refusedOnceThereIsSpace() throws Exception {
        var fixture = fixture();
        FileIntakeFixture.Intake intake = fixture.intake(2, DataSize.ofMegabytes(1));
        Path input = fixture.drop("empty.txt", "");
        Path filler = fill();

        assertThatThrownBy(() -> intake.process(input.toFile())).isInstanceOf(IOException.class)
                .hasMessageContaining("No space left");
        assertThat(input).exists();
        assertThat(names(fixture.error)).isEmpty();

        Files.delete(filler);
        intake.process(input.toFile());
        assertThat(input).doesNotExist();
        assertThat(MAPPER.readTree(fixture.error.resolve("empty.error.json").toFile()).get("reason").asText())
                .isEqualTo("EMPTY_FILE");
        assertThat(names(fixture.error)).containsExactly("empty.error.json", "empty.txt");
    }

    @Test
    void outboxFillsWhileTheResultsAreWritten_noOutputUnderItsName_doneOnceWhenThereIsSpace() throws Exception {
        var fixture = fixture();
        Path filler = disk.resolve("filler");
        FileIntakeFixture.Lookup working = fixture.lookup;
        fixture.lookup = work -> {
            if (!Files.exists(filler) && fixture.chunks.isEmpty()) {
                fill();
            }
            return working.lookup(work);
        };
        FileIntakeFixture.Intake intake = fixture.intake(2, DataSize.ofMegabytes(1));
        Path input = fixture.drop("ids.txt", String.join("\n", IDS) + "\n");

        assertThat(intake.process(input.toFile())).isEmpty(); // attempt 1 of 3 failed
        assertThat(input).exists();
        assertThat(names(fixture.outbox)).as("nothing under a final name, no temporary file left").isEmpty();

        Files.delete(filler);
        assertThat(intake.process(input.toFile())).isEqualTo(".done/ids.txt");
        assertThat(names(fixture.outbox)).containsExactly("ids.results.csv", "ids.results.jsonl", "ids.summary.json");
        assertThat(Files.readAllLines(fixture.outbox.resolve("ids.results.jsonl"))).hasSize(IDS.size());
        assertThat(fixture.audited).hasSize(1);
    }

    @Test
    void inboxReadOnlyAtTheMoveToDone_noSummary_doneOnceWhenWritableAgain() throws Exception {
        var fixture = inboxReadOnlyAtTheFirstLookup();
        FileIntakeFixture.Intake intake = fixture.intake(2, DataSize.ofMegabytes(1));
        Path input = fixture.drop("ids.txt", String.join("\n", IDS) + "\n");

        assertThat(intake.process(input.toFile())).isEmpty();
        assertThat(input).exists();
        assertThat(names(fixture.outbox)).as("results replaced whole, no summary").containsExactly("ids.results.csv",
                "ids.results.jsonl");
        assertThat(fixture.audited).isEmpty();

        assertThat(run("mount", "-o", "remount,rw", disk.toString())).isTrue();
        assertThat(intake.process(input.toFile())).isEqualTo(".done/ids.txt");
        assertThat(names(fixture.outbox)).containsExactly("ids.results.csv", "ids.results.jsonl", "ids.summary.json");
        assertThat(Files.readAllLines(fixture.outbox.resolve("ids.results.jsonl"))).hasSize(IDS.size());
        assertThat(fixture.audited).hasSize(1);
    }

    @Test
    void inboxReadOnlyAfterTheLastAttempt_theLaterRefusalIsAuditedWithTheIdsLookedUp() throws Exception {
        var fixture = inboxReadOnlyAtTheFirstLookup();
        fixture.maxAttempts = 1;
        FileIntakeFixture.Intake intake = fixture.intake(10, DataSize.ofMegabytes(1));
        Path input = fixture.drop("ids.txt", String.join("\n", IDS) + "\n");

        assertThatThrownBy(() -> intake.process(input.toFile())).hasMessageContaining("Read-only file system");
        assertThat(input).exists();

        assertThat(run("mount", "-o", "remount,rw", disk.toString())).isTrue();
        assertThat(intake.process(input.toFile())).endsWith("ids.txt");
        assertThat(fixture.chunks).hasSize(1);
        assertThat(fixture.audited).containsExactly("refused PROCESSING_FAILED|" + IDS.size());
    }

    private FileIntakeFixture fixture() throws IOException {
        // the inbox on the test's own disk; outbox and error folder on the small one
        return new FileIntakeFixture(root.resolve("inbox"), Files.createDirectories(disk.resolve("outbox")),
                Files.createDirectories(disk.resolve("error")));
    }

    /** Fills the small disk; its filler is deleted to free it. */
    private Path fill() {
        Path filler = disk.resolve("filler");
        try {
            Files.write(filler, new byte[2 << 20]);
        } catch (IOException full) {
            return filler;
        }
        throw new IllegalStateException("the disk did not fill");
    }

    private static boolean run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    /** The inbox on the tmpfs, remounted read-only as the first chunk is looked up. */
    private FileIntakeFixture inboxReadOnlyAtTheFirstLookup() throws Exception {
        var fixture = new FileIntakeFixture(Files.createDirectories(disk.resolve("inbox")), root.resolve("outbox"),
                root.resolve("error"));
        FileIntakeFixture.Lookup working = fixture.lookup;
        fixture.lookup = work -> {
            try {
                if (fixture.chunks.isEmpty()) {
                    assumeTrue(run("mount", "-o", "remount,ro", disk.toString()), "cannot remount read-only");
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return working.lookup(work);
        };
        return fixture;
    }
}
