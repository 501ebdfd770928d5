// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static no.krrgateway.channel.file.FileIntakeFixture.names;
import static no.krrgateway.support.JsonFields.assertFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import no.krrgateway.krr.KrrException;
import no.krrgateway.support.TestIds;
import no.krrgateway.logging.PersonIdMasking;
import no.krrgateway.outcome.OutcomeJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class FileIntakeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> IDS = TestIds.valid(6, 7);

    @TempDir
    Path root;

    @Test
    void process_goodFile_writesAllThreeOutputsInInputOrderInChunks() throws Exception {
        var fixture = new FileIntakeFixture(root);
        String text = "# letter 7\n" + IDS.get(0) + "\n" + IDS.get(1) + "\n12345678901\n" + IDS.get(2) + "\n"
                + IDS.get(3) + "\n" + IDS.get(4) + "\n";
        Path input = fixture.drop("ids.txt", text);

        String target = fixture.intake(3, DataSize.ofMegabytes(1)).process(input.toFile());

        assertThat(target).isEqualTo(".done/ids.txt");
        assertThat(fixture.chunks).containsExactly(3, 3);
        assertThat(names(fixture.outbox)).containsExactly("ids.results.csv", "ids.results.jsonl", "ids.summary.json");
        List<String> jsonl = Files.readAllLines(fixture.outbox.resolve("ids.results.jsonl"));
        assertThat(jsonl).extracting(line -> json(line).get("personidentifikator").asText())
                .containsExactly(IDS.get(0), IDS.get(1), "12345678901", IDS.get(2), IDS.get(3), IDS.get(4));
        assertFields(json(jsonl.get(2)), """
                {"requestId": "file:ids.txt", "error": {"code": "INVALID_ID"},
                 "source": {"file": "ids.txt", "line": 4}}""");
        String csv = Files.readString(fixture.outbox.resolve("ids.results.csv"));
        assertThat(csv).startsWith(ResultFiles.HEADER + "\r\n" + IDS.get(0)
                + ",false,IKKE_REGISTRERT,,,,,,,NOT_REGISTERED,,,,,,,\r\n");
        assertThat(csv.split("\r\n")).hasSize(7).contains("12345678901,false,,,,,,,,,INVALID_ID,,,,,,");
        assertFields(MAPPER.readTree(fixture.outbox.resolve("ids.summary.json").toFile()), """
                {"ids": 6, "results": 5, "errors": 1, "notifiable": 0, "reasons": {"NOT_REGISTERED": 5, "RESERVED": 0},
                 "errorCodes": {"INVALID_ID": 1}, "startedAt": "2026-11-23T08:00:00Z"}""");
        assertThat(input).as("moved once its outputs are written").doesNotExist();
        assertThat(fixture.inbox.resolve(".done/ids.txt")).exists();
        assertThat(fixture.audited).as("one audit event for the file, not one per chunk")
                .containsExactly("ids.txt|file:ids.txt|6|5|0|{INVALID_ID=1}");
    }

    /** A spreadsheet export with the id column past column 1000 and another person's id in the first column. */
    @Test
    void process_csvHeaderPastColumn1000_looksUpThatColumnOnly() throws Exception {
        var fixture = new FileIntakeFixture(root);
        String filler = ";x".repeat(1200);
        Path input = fixture.drop("ids.csv", "foresatt" + filler + ";personidentifikator\n" + IDS.get(0) + filler
                + ";" + IDS.get(1) + "\n" + IDS.get(2) + filler + ";" + IDS.get(3) + "\n");

        fixture.intake(10, DataSize.ofMegabytes(1)).process(input.toFile());

        assertThat(Files.readAllLines(fixture.outbox.resolve("ids.results.jsonl")))
                .extracting(line -> json(line).get("personidentifikator").asText())
                .containsExactly(IDS.get(1), IDS.get(3));
    }

    /**
     * Issue 13: two instances on one input (an unshared inbox, a takeover race). The second finishes while the first is
     * still looking up; the first's commit must then leave the second's outputs alone: before, it deleted the summary
     * the second had written and failed on its own rename, leaving the input in .done without a summary.
     */
    @Test
    void process_anotherInstanceFinishesTheSameFileMeanwhile_itsOutputsAndSummaryStayWhole() throws Exception {
        var fixture = new FileIntakeFixture(root);
        Path input = fixture.drop("ids.txt", String.join("\n", IDS) + "\n");
        FileIntakeFixture.Intake other = fixture.intake(2, DataSize.ofKilobytes(10));
        FileIntakeFixture.Lookup lookup = fixture.lookup;
        String[] otherTarget = new String[1];
        boolean[] otherStarted = new boolean[1];
        fixture.lookup = work -> {
            if (!otherStarted[0]) {
                otherStarted[0] = true;
                try {
                    otherTarget[0] = other.process(input.toFile());
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return lookup.lookup(work);
        };

        String target = fixture.intake(2, DataSize.ofKilobytes(10)).process(input.toFile());

        assertThat(otherTarget[0]).isEqualTo(".done/ids.txt");
        assertThat(target).as("nothing moved by the later instance").isEmpty();
        assertThat(fixture.inbox.resolve(".done/ids.txt")).exists();
        assertThat(names(fixture.outbox)).containsExactly("ids.results.csv", "ids.results.jsonl", "ids.summary.json");
        assertThat(Files.readAllLines(fixture.outbox.resolve("ids.results.jsonl"))).hasSize(IDS.size());
        assertThat(MAPPER.readTree(fixture.outbox.resolve("ids.summary.json").toFile()).get("ids").asInt())
                .isEqualTo(IDS.size());
    }

    /**
     * The input cannot move to .done after its outputs are committed (here .done turns into a link; a full volume
     * would do the same): refused at the last attempt, the file must not also read as done in the outbox.
     */
    @Test
    void process_inputCannotMoveToDoneAfterTheSummary_refusedWithoutASummaryBesideTheRefusal() throws Exception {
        var fixture = new FileIntakeFixture(root);
        fixture.maxAttempts = 1;
        FileIntakeFixture.Lookup working = fixture.lookup;
        fixture.lookup = work -> {
            try {
                Path done = fixture.inbox.resolve(FileIntake.DONE);
                Files.delete(done);
                Files.createSymbolicLink(done, root);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return working.lookup(work);
        };
        Path input = fixture.drop("ids.txt", String.join("\n", IDS) + "\n");

        fixture.intake(10, DataSize.ofMegabytes(1)).process(input.toFile());

        assertThat(MAPPER.readTree(fixture.error.resolve("ids.error.json").toFile()).get("reason").asText())
                .isEqualTo("PROCESSING_FAILED");
        assertThat(names(fixture.outbox)).as("no summary: the file is not done").doesNotContain("ids.summary.json");
    }

    /**
     * A new drop renamed over the input while its outputs are committed (fsyncs of large outputs take seconds): before,
     * the move to .done took the new file by its name, unread, and its ids got no outcome.
     */
    @Test
    void process_inputReplacedWhileItsOutputsAreCommitted_theNewDropStaysInTheInboxToBeRead() throws Exception {
        var fixture = new FileIntakeFixture(root);
        Path input = fixture.drop("ids.txt", String.join("\n", IDS) + "\n");
        String newDrop = IDS.get(0) + "\n";
        AtomicInteger calls = new AtomicInteger();
        Clock replacing = new Clock() {
            @Override
            public Instant instant() {
                if (calls.incrementAndGet() == 2) { // the commit's, after its check that the input is as read
                    try {
                        Files.move(Files.writeString(fixture.inbox.resolve(".ids.txt.part"), newDrop), input,
                                StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return FileIntakeFixture.CLOCK.instant();
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        var intake = fixture.new Intake(new FileIntake(fixture.properties(10, DataSize.ofMegabytes(1)), 10,
                new OutcomeJson(MAPPER), replacing, new FilePermissions(FilePermissions.GroupAccess.NONE),
                fixture.audit, FileIntakeFixture.LIMITS));

        String target = intake.process(input.toFile());

        assertThat(target).as("not moved: what is there now was never read").isEmpty();
        assertThat(input).as("the new drop, to be read at a later poll").hasContent(newDrop.strip());
        assertThat(fixture.inbox.resolve(".done/ids.txt")).doesNotExist();
        assertThat(Files.readAllLines(fixture.outbox.resolve("ids.results.jsonl"))).hasSize(IDS.size());
        assertThat(fixture.audited).as("the outputs of the file read were committed").hasSize(1);
    }

    /**
     * Two instances on one input (a takeover race), the first stalled in its move to .done past the commit lock's
     * staleness: the second commits and moves it meanwhile. The first must then leave the second's summary alone;
     * before, it deleted it, leaving the input in .done and results no reader would ever take.
     */
    @Test
    void process_anotherInstanceMovesTheInputWhileThisOneMovesIt_theSummaryStays() throws Exception {
        var fixture = new FileIntakeFixture(root);
        Path input = fixture.drop("ids.txt", String.join("\n", IDS) + "\n");
        FileIntakeFixture.Intake other = fixture.intake(10, DataSize.ofMegabytes(1));
        String[] otherTarget = new String[1];
        var stalling = new FilePermissions(FilePermissions.GroupAccess.NONE, (file, mode) -> {
            if (otherTarget[0] == null) { // this instance's commit lock grew stale: the other one took it over
                Files.delete(fixture.outbox.resolve(".ids.commit"));
                try {
                    otherTarget[0] = other.process(input.toFile());
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            FilePermissions.apply(file, mode);
        });

        String target = fixture.intake(10, DataSize.ofMegabytes(1), stalling).process(input.toFile());

        assertThat(otherTarget[0]).isEqualTo(".done/ids.txt");
        assertThat(target).as("moved by the other instance").isEmpty();
        assertThat(fixture.inbox.resolve(".done/ids.txt")).exists();
        assertThat(names(fixture.outbox)).containsExactly("ids.results.csv", "ids.results.jsonl", "ids.summary.json");
        assertThat(MAPPER.readTree(fixture.outbox.resolve("ids.summary.json").toFile()).get("ids").asInt())
                .isEqualTo(IDS.size());
        assertThat(fixture.audited).as("audited by the instance that moved it").hasSize(1);
    }

    /**
     * Retention deletes a run's NAME.*.tmp whose time has not changed for max-age (a run slower than that between two
     * writes): the commit fails with no summary left beside the outputs, and the next attempt redoes the file whole.
     */
    @Test
    void process_temporaryOutputsDeletedMidRun_noSummaryAndTheFileIsRedoneWhole() throws Exception {
        var fixture = new FileIntakeFixture(root);
        FileIntakeFixture.Intake intake = fixture.intake(2, DataSize.ofMegabytes(1));
        intake.process(fixture.drop("ids.txt", String.join("\n", IDS.subList(0, 2))).toFile());
        FileIntakeFixture.Lookup working = fixture.lookup;
        fixture.lookup = work -> {
            fixture.lookup = working;
            try (var outputs = Files.list(fixture.outbox)) {
                for (Path temp : outputs.filter(file -> file.toString().endsWith(".tmp")).toList()) {
                    Files.delete(temp);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return working.lookup(work);
        };
        Path input = fixture.drop("ids.txt", String.join("\n", IDS));

        assertThat(intake.process(input.toFile())).as("attempt 1 of 3 failed").isEmpty();
        assertThat(input).exists();
        assertThat(names(fixture.outbox)).as("no summary beside outputs of no finished run")
                .doesNotContain("ids.summary.json").noneMatch(name -> name.endsWith(".tmp"));

        assertThat(intake.process(input.toFile())).as("beside the first ids.txt").isEqualTo(".done/ids-2.txt");
        assertThat(Files.readAllLines(fixture.outbox.resolve("ids.results.jsonl"))).hasSize(IDS.size());
        assertThat(Files.readAllLines(fixture.outbox.resolve("ids.results.csv"))).hasSize(IDS.size() + 1);
        assertThat(MAPPER.readTree(fixture.outbox.resolve("ids.summary.json").toFile()).get("ids").asInt())
                .isEqualTo(IDS.size());
    }

    @Test
    void process_krrUnavailableMidFile_leavesNoOutputsAndPropagates() throws Exception {
        var fixture = new FileIntakeFixture(root);
        FileIntakeFixture.Lookup working = fixture.lookup;
        fixture.lookup = work -> {
            if (!fixture.chunks.isEmpty()) {
                throw new KrrException.Unavailable(503, "KRR answered HTTP 503 (after 5 attempts)", null);
            }
            return working.lookup(work);
        };
        Path input = fixture.drop("ids.txt", String.join("\n", IDS));

        assertThatThrownBy(() -> fixture.intake(2, DataSize.ofMegabytes(1)).process(input.toFile()))
                .isInstanceOf(KrrException.Unavailable.class);

        assertThat(names(fixture.outbox)).isEmpty();
        assertThat(names(fixture.error)).isEmpty();
        assertThat(Files.exists(input)).isTrue();
        assertThat(fixture.audited).as("audited only once committed").isEmpty();
    }

    @Test
    void process_againAfterACrashLeftTemporaryAndOldFiles_replacesThemWhole() throws Exception {
        var fixture = new FileIntakeFixture(root);
        Files.createDirectories(fixture.outbox);
        Files.writeString(fixture.outbox.resolve("ids.results.jsonl.tmp"), "{\"half\": ");
        Files.writeString(fixture.outbox.resolve("ids.results.csv.tmp"), "personidentifikator,notif");
        Files.writeString(fixture.outbox.resolve("ids.results.jsonl"), "{\"old\": true}\n".repeat(50));
        Path input = fixture.drop("ids.csv", "personidentifikator\n" + String.join("\n", IDS));

        fixture.intake(4, DataSize.ofMegabytes(1)).process(input.toFile());

        assertThat(names(fixture.outbox)).containsExactly("ids.results.csv", "ids.results.jsonl", "ids.summary.json");
        assertThat(Files.readAllLines(fixture.outbox.resolve("ids.results.jsonl"))).hasSize(IDS.size())
                .allSatisfy(line -> assertThat(line).startsWith("{\"requestId\":\"file:ids.csv\""));
        assertThat(Files.readString(fixture.outbox.resolve("ids.results.csv")).split("\r\n")).hasSize(IDS.size() + 1);
    }

    @Test
    void process_twoFilesWithTheSameName_writeOneAfterTheOther() throws Exception {
        var fixture = new FileIntakeFixture(root);
        FileIntakeFixture.Intake intake = fixture.intake(1, DataSize.ofMegabytes(1));
        Path txt = fixture.drop("same.txt", String.join("\n", IDS));
        Path json = fixture.drop("same.json", "[\"" + IDS.get(0) + "\"]");
        Thread other = new Thread(() -> {
            try {
                intake.process(json.toFile());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        other.start();
        intake.process(txt.toFile());
        other.join();

        JsonNode summary = MAPPER.readTree(fixture.outbox.resolve("same.summary.json").toFile());
        long lines = Files.readAllLines(fixture.outbox.resolve("same.results.jsonl")).size();
        assertThat(summary.get("ids").asLong()).as("the summary describes the results beside it").isEqualTo(lines);
        assertThat(names(fixture.outbox)).containsExactly("same.results.csv", "same.results.jsonl",
                "same.summary.json");
    }

    /** The same name dropped again after the first was done (a nightly export): both inputs stay in .done. */
    @Test
    void process_sameNameDroppedAgainAfterItWasDone_bothInputsKeptInDone() throws Exception {
        var fixture = new FileIntakeFixture(root);
        FileIntakeFixture.Intake intake = fixture.intake(10, DataSize.ofMegabytes(1));

        String first = intake.process(fixture.drop("ids.txt", IDS.get(0) + "\n").toFile());
        String second = intake.process(fixture.drop("ids.txt", IDS.get(1) + "\n").toFile());

        assertThat(List.of(first, second)).containsExactly(".done/ids.txt", ".done/ids-2.txt");
        assertThat(fixture.inbox.resolve(".done/ids.txt")).hasContent(IDS.get(0));
        assertThat(fixture.inbox.resolve(".done/ids-2.txt")).hasContent(IDS.get(1));
    }

    @Test
    void process_fileNamedLikeAPersonId_isProcessed() throws Exception {
        var fixture = new FileIntakeFixture(root);
        Path input = fixture.drop(IDS.get(0) + ".json", ("{\"personidentifikatorer\": [\"" + IDS.get(0) + "\"]}")
                .getBytes(StandardCharsets.UTF_8));

        fixture.intake(10, DataSize.ofMegabytes(1)).process(new File(input.toString()));

        assertThat(names(fixture.outbox)).contains(IDS.get(0) + ".summary.json");
        assertThat(PersonIdMasking.mask(IDS.get(0) + ".json")).doesNotContain(IDS.get(0));
    }

    private static JsonNode json(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
