// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static no.krrgateway.channel.file.FileIntakeFixture.names;
import static no.krrgateway.support.JsonFields.assertFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import no.krrgateway.audit.AuditTrail;
import no.krrgateway.logging.PersonIdMasking;
import no.krrgateway.support.TestIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

class FileIntakeRejectionTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ID = TestIds.valid(1, 7).get(0);

    @TempDir
    Path root;

    @Test
    void process_emptyFile_isRefusedAsEmpty() throws Exception {
        assertRefused("ids.txt", new byte[0], FileProblem.EMPTY_FILE, "ids.error.json");
    }

    @Test
    void process_onlyCommentsAndAHeader_isRefusedAsHavingNoIds() throws Exception {
        assertRefused("ids.csv", bytes("# nothing yet\r\npersonidentifikator\r\n\r\n"), FileProblem.NO_IDS,
                "ids.error.json");
    }

    @Test
    void process_noValidIds_isRefusedAndLeavesNoTemporaryFiles() throws Exception {
        var fixture = assertRefused("ids.txt", bytes("12345678901\nabc\n"), FileProblem.NO_VALID_IDS,
                "ids.error.json");
        assertThat(names(fixture.outbox)).isEmpty();
    }

    @Test
    void process_unsupportedExtension_isRefusedWithTheNameWithoutExtension() throws Exception {
        assertRefused("ids.xml", bytes("<ids/>"), FileProblem.UNSUPPORTED_EXTENSION, "ids.error.json");
    }

    @Test
    void process_noExtension_isRefused() throws Exception {
        assertRefused("README", bytes(ID), FileProblem.UNSUPPORTED_EXTENSION, "README.error.json");
    }

    @Test
    void process_overMaxSize_isRefusedAsTooLarge() throws Exception {
        assertRefused("ids.txt", bytes((ID + "\n").repeat(200)), FileProblem.TOO_LARGE, "ids.error.json");
    }

    @Test
    void process_binaryFile_isRefusedAsBinary() throws Exception {
        assertRefused("ids.txt", new byte[] {1, 2, 0, 4, (byte) 0xFF, 10}, FileProblem.BINARY_FILE, "ids.error.json");
    }

    @Test
    void process_excelWorkbookNamedCsv_isRefusedAsBinary() throws Exception {
        assertRefused("ids.csv", new byte[] {'P', 'K', 3, 4, 20, 0, 6, 0}, FileProblem.BINARY_FILE, "ids.error.json");
    }

    @Test
    void process_utf16Text_isRefusedAsNotUtf8() throws Exception {
        byte[] utf16 = ("\uFEFF" + ID + "\n").getBytes(StandardCharsets.UTF_16LE);
        assertRefused("ids.txt", utf16, FileProblem.NOT_UTF8, "ids.error.json");
    }

    @Test
    void process_jsonFileThatIsNotJson_isRefusedAsNotJson() throws Exception {
        assertRefused("ids.json", bytes(ID + ",\n" + ID), FileProblem.NOT_JSON, "ids.error.json");
    }

    @Test
    void process_symbolicLink_isRefusedAndItsTargetIsLeftAlone() throws Exception {
        var fixture = new FileIntakeFixture(root);
        Path elsewhere = Files.writeString(root.resolve("secret.txt"), ID + "\n");
        Files.createDirectories(fixture.inbox);
        Path link = Files.createSymbolicLink(fixture.inbox.resolve("link.txt"), elsewhere);

        String target = fixture.intake(10, DataSize.ofKilobytes(1)).process(link.toFile());

        assertThat(target).isEqualTo(fixture.error.resolve("link.txt").toAbsolutePath().toString());
        assertThat(reason(fixture, "link.error.json")).isEqualTo("SYMBOLIC_LINK");
        assertThat(fixture.chunks).isEmpty();
        assertThat(Files.readString(elsewhere)).isEqualTo(ID + "\n");
        assertThat(names(fixture.outbox)).isEmpty();
    }

    @Test
    void process_nameWithSeparatorsAndControlCharacters_isRefusedUnderASafeName() throws Exception {
        var fixture = assertRefused("..\\..\\evil\nname.txt", bytes(ID), FileProblem.UNSAFE_NAME,
                "___.._evil_name.error.json");
        assertThat(names(root)).as("nothing written beside the folders").containsExactlyInAnyOrder("inbox", "error");
        assertThat(names(fixture.outbox)).isEmpty();
    }

    /**
     * A name over the length limit, cut through an id: the log marks the cut ({@code ...}), so that masking takes the
     * digits cut short for an id's start; its first nine (the last two are check digits) would give it whole.
     */
    @Test
    void process_overlongNameCutThroughAnId_logLineKeepsNoPartOfTheId() throws Exception {
        String id = "20914695016";
        var logged = new ListAppender<ILoggingEvent>();
        logged.start();
        var logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(FileIntake.class);
        logger.addAppender(logged);
        try {
            var fixture = new FileIntakeFixture(root);
            Path input = fixture.drop("a".repeat(190) + id + ".txt", ID);
            fixture.intake(10, DataSize.ofKilobytes(1)).process(input.toFile());
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(logged.list).extracting(event -> PersonIdMasking.mask(event.getFormattedMessage()))
                .anySatisfy(line -> assertThat(line).contains("a**********... refused (UNSAFE_NAME)"))
                .allSatisfy(line -> assertThat(line).doesNotContain(id.substring(0, 8)));
    }

    /**
     * A failed attempt's WARN quotes the failure, whose message (Java's file exceptions) is a path holding the name: a
     * ten-digit name, masked as the file's own, must be masked there too. Here retention deleting the run's outputs.
     */
    @Test
    void process_attemptFailedOnAPathNamingTheFile_logLinesMaskTenDigitsThereToo() throws Exception {
        var logged = new ListAppender<ILoggingEvent>();
        logged.start();
        var logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(FileIntake.class);
        logger.addAppender(logged);
        try {
            var fixture = new FileIntakeFixture(root);
            FileIntakeFixture.Lookup working = fixture.lookup;
            fixture.lookup = work -> {
                try (var outputs = Files.list(fixture.outbox)) {
                    for (Path temp : outputs.filter(file -> file.toString().endsWith(".tmp")).toList()) {
                        Files.delete(temp);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return working.lookup(work);
            };
            Path input = fixture.drop("2091469501.txt", ID + "\n");
            assertThat(fixture.intake(10, DataSize.ofKilobytes(1)).process(input.toFile())).isEmpty();
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains("**********.txt: attempt 1 of 3 failed"))
                .allSatisfy(line -> assertThat(line).doesNotContain("2091469501"));
    }

    @Test
    void process_refusedAfterAnEarlierGoodDropOfTheSameName_leavesTheEarlierOutputsWhole() throws Exception {
        var fixture = new FileIntakeFixture(root);
        FileIntakeFixture.Intake intake = fixture.intake(10, DataSize.ofKilobytes(1));
        intake.process(fixture.drop("ids.txt", ID).toFile());
        assertThat(names(fixture.outbox)).hasSize(3);

        List<String> before = Files.readAllLines(fixture.outbox.resolve("ids.results.jsonl"));

        intake.process(fixture.drop("ids.txt", "nothing valid\nabc\n").toFile());

        assertThat(names(fixture.outbox)).containsExactly("ids.results.csv", "ids.results.jsonl", "ids.summary.json");
        assertThat(Files.readAllLines(fixture.outbox.resolve("ids.results.jsonl"))).isEqualTo(before);
        assertThat(reason(fixture, "ids.error.json")).isEqualTo("NO_VALID_IDS");
    }

    /**
     * The refused input cannot follow its report into the error folder (here a fault at its move; a full volume under a
     * copy would do the same): the report and the input's claimed name there go too. The next run writes the refusal
     * again without a lookup (before, it read the file afresh: max-attempts more lookups each time the refusal failed).
     */
    @Test
    void process_refusedInputCannotMoveToTheErrorFolder_noReportLeftAndOnlyTheRefusalTriedAgain() throws Exception {
        var fixture = new FileIntakeFixture(root);
        fixture.maxAttempts = 1;
        FileIntakeFixture.Lookup working = fixture.lookup;
        fixture.lookup = work -> {
            fixture.lookup = working;
            throw new IllegalStateException("a passing fault");
        };
        var moves = new AtomicInteger();
        Path input = fixture.drop("ids.txt", ID + "\n");
        FileIntakeFixture.Intake intake = fixture.intake(10, DataSize.ofKilobytes(1), new FilePermissions(
                FilePermissions.GroupAccess.NONE, (file, mode) -> {
                    if (moves.incrementAndGet() == 1) {
                        throw new UncheckedIOException(new IOException("No space left on device"));
                    }
                    FilePermissions.apply(file, mode);
                }));

        assertThatThrownBy(() -> intake.process(input.toFile())).hasMessageContaining("No space left");
        assertThat(input).as("left in the inbox, to be read again").exists();
        assertThat(names(fixture.error)).as("neither its report nor the name claimed for it").isEmpty();
        assertThat(intake.process(input.toFile())).isEqualTo(fixture.error.resolve("ids.txt").toString());

        assertThat(fixture.chunks).as("not looked up again").isEmpty();
        assertThat(names(fixture.outbox)).as("no summary beside the refusal").doesNotContain("ids.summary.json");
        assertThat(reason(fixture, "ids.error.json")).isEqualTo("PROCESSING_FAILED");
    }

    /**
     * A corrected drop renamed over a bad file while the bad one is read: the refusal is the file read. Before, the
     * move by NAME took the corrected drop to the error folder unread, with the bad file's reason.
     */
    @Test
    void process_badFileReplacedWhileRead_theNewDropStaysInTheInboxToBeRead() throws Exception {
        var fixture = new FileIntakeFixture(root);
        List<String> ids = TestIds.valid(6, 7);
        Path input = fixture.drop("ids.csv", String.join("\n", ids) + "\n\"never closed\n");
        String corrected = String.join("\n", ids) + "\n";
        FileIntakeFixture.Lookup working = fixture.lookup;
        fixture.lookup = work -> {
            if (fixture.chunks.isEmpty()) {
                try {
                    Files.move(Files.writeString(fixture.inbox.resolve("ids.csv.part"), corrected), input,
                            StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return working.lookup(work);
        };

        String target = fixture.intake(2, DataSize.ofKilobytes(1)).process(input.toFile());

        assertThat(target).as("not moved: what is there now was never read").isEmpty();
        assertThat(input).hasContent(corrected.strip());
        assertThat(names(fixture.error)).isEmpty();
    }

    /**
     * A report put back in the inbox with its input ({@code mv error/* inbox/}) is refused too: moved to the error
     * folder under its own name, it replaced the input's new report, or the input's report replaced it (an input
     * lost). Either order keeps both reports and both inputs.
     */
    @Test
    void process_reportDroppedBackBesideItsInput_neitherReplacesTheOthersReportOrInput() throws Exception {
        for (List<String> order : List.of(List.of("x.txt", "x.error.json"), List.of("x.error.json", "x.txt"))) {
            var fixture = new FileIntakeFixture(root.resolve(String.valueOf(order.get(0).length())));
            FileIntakeFixture.Intake intake = fixture.intake(10, DataSize.ofKilobytes(1));
            for (String name : order) {
                String content = name.endsWith(".txt") ? "abc\n" : "{\"reason\": \"NO_IDS\"}";
                intake.process(fixture.drop(name, content).toFile());
            }

            assertThat(names(fixture.error)).as("after %s", order)
                    .containsExactlyInAnyOrder("x.txt", "x.error.json", "x.error.json_", "x.error.error.json");
            assertThat(reason(fixture, "x.error.json")).isEqualTo("NO_VALID_IDS");
            assertThat(reason(fixture, "x.error.error.json")).isEqualTo("UNEXPECTED_JSON");
            assertThat(MAPPER.readTree(fixture.error.resolve("x.error.error.json").toFile()).get("file").asText())
                    .isEqualTo("x.error.json_");
            assertThat(fixture.error.resolve("x.error.json_")).hasContent("{\"reason\": \"NO_IDS\"}");
        }
    }

    /**
     * Refused inputs whose safe names are one (unsafe names with {@code _} for their characters, or the same export
     * dropped twice), refused by several instances at once: each is kept beside its own report. Before, the last one
     * moved replaced the others (REPLACE_EXISTING) and their reports.
     */
    @Test
    void process_refusedInputsOfOneSafeNameAtOnce_eachKeptBesideItsOwnReport() throws Exception {
        var fixture = new FileIntakeFixture(root);
        List<String> unsafe = List.of("a:b.txt", "a*b.txt", "a?b.txt", "a<b.txt", "a>b.txt", "a|b.txt");
        var start = new CountDownLatch(1);
        List<Future<String>> moved = new ArrayList<>();
        ExecutorService instances = Executors.newFixedThreadPool(unsafe.size());
        try {
            for (String name : unsafe) {
                Path input = fixture.drop(name, ID + "\n# " + name + "\n");
                FileIntakeFixture.Intake intake = fixture.intake(10, DataSize.ofKilobytes(1)); // an instance each
                moved.add(instances.submit(() -> {
                    start.await();
                    return intake.process(input.toFile());
                }));
            }
            start.countDown();
            for (Future<String> target : moved) {
                target.get(30, TimeUnit.SECONDS);
            }
        } finally {
            instances.shutdownNow();
        }

        assertThat(names(fixture.error)).hasSize(2 * unsafe.size());
        assertThat(names(fixture.inbox)).isEmpty();
        List<String> kept = new ArrayList<>();
        for (String report : names(fixture.error).stream().filter(n -> n.endsWith(".error.json")).toList()) {
            JsonNode error = MAPPER.readTree(fixture.error.resolve(report).toFile());
            String input = error.get("file").asText();
            assertThat(FileChecks.safeName(input)).isEqualTo(input);
            assertThat(report).as("beside its input").isEqualTo(input.replace(".txt", ".error.json"));
            assertThat(error.get("reason").asText()).isEqualTo("UNSAFE_NAME");
            kept.add(Files.readString(fixture.error.resolve(input)).lines().skip(1).findFirst().orElseThrow());
        }
        assertThat(kept).containsExactlyInAnyOrderElementsOf(unsafe.stream().map(name -> "# " + name).toList());
    }

    /**
     * A refused input's name appears in the error folder only with the input, after its whole report: who waits for it
     * there (an operator's script, FileFailureIT) then reads the report. Names claimed there as empty files showed the
     * input's name, and the report's, before either was written.
     */
    @Test
    void process_refused_itsNameAppearsInTheErrorFolderOnlyWithTheInputAfterItsReport() throws Exception {
        var fixture = new FileIntakeFixture(root);
        List<String> seenAtTheMove = new ArrayList<>();
        FileIntakeFixture.Intake intake = fixture.intake(10, DataSize.ofKilobytes(1), new FilePermissions(
                FilePermissions.GroupAccess.NONE, (file, mode) -> {
                    names(fixture.error).stream().filter(name -> !name.startsWith(".")).forEach(seenAtTheMove::add);
                    seenAtTheMove.add(Files.readString(fixture.error.resolve("ids.error.json")).isBlank() ? "empty"
                            : "whole");
                    FilePermissions.apply(file, mode);
                }));

        intake.process(fixture.drop("ids.xml", ID).toFile());

        assertThat(seenAtTheMove).containsExactly("ids.error.json", "whole");
        assertThat(names(fixture.error)).as("no claim left").containsExactly("ids.error.json", "ids.xml");
    }

    /** The same name refused again (a bad export dropped twice), or NAME.txt and NAME.csv: no report replaced. */
    @Test
    void process_sameNameOrStemRefusedAgain_bothInputsKeptEachBesideItsReport() throws Exception {
        var fixture = new FileIntakeFixture(root);
        FileIntakeFixture.Intake intake = fixture.intake(10, DataSize.ofKilobytes(1));

        String first = intake.process(fixture.drop("ids.txt", "first\n").toFile());
        String second = intake.process(fixture.drop("ids.txt", "second\n").toFile());
        String third = intake.process(fixture.drop("ids.csv", "third\n").toFile());

        assertThat(List.of(first, second, third)).containsExactly(
                fixture.error.resolve("ids.txt").toAbsolutePath().toString(),
                fixture.error.resolve("ids-2.txt").toAbsolutePath().toString(),
                fixture.error.resolve("ids-3.csv").toAbsolutePath().toString());
        assertThat(names(fixture.error)).containsExactlyInAnyOrder("ids.txt", "ids.error.json", "ids-2.txt",
                "ids-2.error.json", "ids-3.csv", "ids-3.error.json");
        assertThat(fixture.error.resolve("ids.txt")).hasContent("first");
        assertThat(fixture.error.resolve("ids-2.txt")).hasContent("second");
        assertThat(fixture.error.resolve("ids-3.csv")).hasContent("third");
        assertThat(MAPPER.readTree(fixture.error.resolve("ids-3.error.json").toFile()).get("file").asText())
                .isEqualTo("ids-3.csv");
    }

    /**
     * Refused whole after some chunks were looked up in KRR (a quoted field never closed at the end: the two chunks
     * before the one it ends; a fault after the first chunk, max-attempts 1): the audit trail tells what was looked up
     * all the same, and the refusal. Before, it told nothing: personal data read for a customer without an event.
     */
    @Test
    void process_refusedAfterChunksWereLookedUp_auditedWithWhatWasLookedUpAndTheRefusal() throws Exception {
        var logged = new ListAppender<ILoggingEvent>();
        logged.start();
        var logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(AuditTrail.LOGGER);
        logger.addAppender(logged);
        var fixture = new FileIntakeFixture(root);
        try {
            fixture.maxAttempts = 1;
            List<String> ids = TestIds.valid(6, 7);
            FileIntakeFixture.Intake intake = fixture.intake(2, DataSize.ofKilobytes(1));
            intake.process(fixture.drop("late.csv", String.join("\n", ids) + "\n\"never closed\n").toFile());
            int lateChunks = fixture.chunks.size();
            FileIntakeFixture.Lookup working = fixture.lookup;
            fixture.lookup = work -> {
                if (fixture.chunks.size() > lateChunks) {
                    throw new IllegalStateException("a fault");
                }
                return working.lookup(work);
            };
            intake.process(fixture.drop("failing.txt", String.join("\n", ids) + "\n").toFile());
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(reason(fixture, "late.error.json")).isEqualTo("BAD_CSV");
        assertThat(reason(fixture, "failing.error.json")).isEqualTo("PROCESSING_FAILED");
        List<JsonNode> events = new ArrayList<>();
        for (ILoggingEvent event : logged.list) {
            events.add(MAPPER.readTree(event.getFormattedMessage()));
        }
        assertThat(events).hasSize(2);
        assertFields(events.get(0), """
                {"event": "lookup", "channel": "file", "source": "late.csv", "requestId": "file:late.csv", "ids": 4,
                 "outcomes": {"results": 4, "notifiable": 0}, "refused": "BAD_CSV"}""");
        assertFields(events.get(1), """
                {"event": "lookup", "channel": "file", "source": "failing.txt", "requestId": "file:failing.txt",
                 "ids": 2, "outcomes": {"results": 2}, "refused": "PROCESSING_FAILED"}""");
    }

    private FileIntakeFixture assertRefused(String name, byte[] content, FileProblem problem, String report)
            throws Exception {
        var fixture = new FileIntakeFixture(root);
        Path input = fixture.drop(name, content);

        String target = fixture.intake(10, DataSize.ofKilobytes(1)).process(input.toFile());

        String safeName = FileChecks.safeName(name);
        assertThat(target).isEqualTo(fixture.error.resolve(safeName).toAbsolutePath().toString());
        assertThat(names(fixture.error)).containsExactlyInAnyOrder(report, safeName);
        assertThat(input).as("the refused input moved beside its report").doesNotExist();
        JsonNode error = MAPPER.readTree(fixture.error.resolve(report).toFile());
        assertThat(error.get("file").asText()).isEqualTo(safeName);
        assertThat(error.get("reason").asText()).isEqualTo(problem.name());
        assertThat(error.get("detail").asText()).isNotBlank().doesNotContain(ID);
        assertThat(error.get("at").asText()).isEqualTo("2026-11-23T08:00:00Z");
        assertThat(names(fixture.outbox)).doesNotContain(List.of("ids.summary.json").toArray(String[]::new));
        return fixture;
    }

    private static String reason(FileIntakeFixture fixture, String report) throws Exception {
        return MAPPER.readTree(fixture.error.resolve(report).toFile()).get("reason").asText();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
