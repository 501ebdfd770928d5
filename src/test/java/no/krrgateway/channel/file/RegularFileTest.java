// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import no.krrgateway.support.JsonSchemas;
import no.krrgateway.support.TestIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

/** A dropped file is opened once, without following a link or waiting on a FIFO, and read through that handle. */
class RegularFileTest {

    /** Far longer than any of these takes; a reader waiting on a FIFO never ends. */
    private static final Duration BLOCKED = Duration.ofSeconds(30);

    @TempDir
    Path root;

    @Test
    void open_fifo_refusedWithoutOpeningIt() throws Exception {
        Path fifo = FileIntakeFixture.mkfifo(root.resolve("pipe.txt"));

        assertTimeoutPreemptively(BLOCKED, () -> assertThatThrownBy(() -> RegularFile.open(fifo))
                .isInstanceOfSatisfying(RejectedFileException.class,
                        e -> assertThat(e.problem()).isEqualTo(FileProblem.NOT_A_REGULAR_FILE)));
    }

    @Test
    void open_symbolicLink_refusedAndItsTargetNeverRead() throws Exception {
        Path target = Files.writeString(root.resolve("elsewhere.txt"), "20914695016\n");
        Path link = Files.createSymbolicLink(root.resolve("link.txt"), target);

        assertThatThrownBy(() -> RegularFile.open(link)).isInstanceOfSatisfying(RejectedFileException.class,
                e -> assertThat(e.problem()).isEqualTo(FileProblem.SYMBOLIC_LINK));
    }

    @Test
    void open_boundedHead() throws Exception {
        Path file = Files.writeString(root.resolve("claim"), "0123456789");
        try (RegularFile opened = RegularFile.open(file)) {
            assertThat(opened.head(11)).asString().isEqualTo("0123456789");
            assertThat(opened.head(9)).as("up to the bound").asString().isEqualTo("012345678");
        }
    }

    /**
     * The input swapped for a FIFO right after its checks, at the moment the gateway logs that it starts the file:
     * read again by its name, as before, the worker would wait in open() for ever. Read through the handle that
     * was checked, the file's ids are looked up; the commit sees that the name now stands for another file and
     * drops the outputs; the FIFO, taken at the next poll, is refused without being opened.
     */
    @Test
    void process_inputSwappedForAFifoAfterItsChecks_readThroughTheCheckedHandle() throws Exception {
        var fixture = new FileIntakeFixture(root);
        Path input = fixture.drop("batch.txt", String.join("\n", TestIds.valid(3, 1)) + "\n");
        Logger log = (Logger) LoggerFactory.getLogger(FileIntake.class);
        Level level = log.getLevel();
        var swapAtStart = new AppenderBase<ILoggingEvent>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getFormattedMessage().endsWith("started")) {
                    try {
                        Files.move(input, root.resolve("parked.txt"));
                        FileIntakeFixture.mkfifo(input);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        swapAtStart.start();
        log.setLevel(Level.INFO);
        log.addAppender(swapAtStart);
        FileIntakeFixture.Intake intake = fixture.intake(10, DataSize.ofKilobytes(10));
        try {
            String where = assertTimeoutPreemptively(BLOCKED, () -> intake.process(input.toFile()));

            assertThat(where).as("not moved: the name no longer stands for the file that was read").isEmpty();
            assertThat(fixture.chunks).containsExactly(3);
        } finally {
            log.detachAppender(swapAtStart);
            log.setLevel(level);
        }
        assertThat(Files.isDirectory(fixture.inbox.resolve(".done"))).isTrue();
        assertThat(FileIntakeFixture.names(fixture.inbox.resolve(".done"))).isEmpty();

        assertTimeoutPreemptively(BLOCKED, () -> intake.process(input.toFile()));
        var report = new ObjectMapper().readTree(fixture.error.resolve("batch.error.json").toFile());
        assertThat(report.get("reason").asText()).isEqualTo("NOT_A_REGULAR_FILE");
        assertThat(JsonSchemas.problems("file-error.schema.json", report)).isEmpty();
        assertThat(fixture.chunks).as("the FIFO is never read").containsExactly(3);
    }
}
