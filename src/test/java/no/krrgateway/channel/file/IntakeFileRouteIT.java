// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static no.krrgateway.channel.file.FileChannelHarness.await;
import static no.krrgateway.channel.file.FileChannelHarness.drop;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.krrgateway.support.TestIds;
import no.krrgateway.simulator.FaultSettings;
import no.krrgateway.simulator.SimulatorFaults;
import no.krrgateway.simulator.SimulatorStats;
import no.krrgateway.simulator.TestPersons;
import org.apache.camel.util.FileUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Route intake-file end to end: files in a real inbox, a real gateway, the simulator over HTTP. */
class IntakeFileRouteIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final FileChannelGateway files = new FileChannelGateway(Duration.ofMillis(50), Map.of());

    @Test
    void dropTxt_namedTestPersons_getTheirVerdictsInInputOrder() throws Exception {
        List<String> ids = List.of(TestPersons.NOTIFIABLE.id(), TestPersons.RESERVED.id(), "12345678901",
                TestPersons.NOT_REGISTERED.id(), TestPersons.DELETED.id(), TestPersons.EMAIL_FRESH_MOBILE_EXPIRED.id());
        drop(files.inbox(), "persons.txt", ("# letter 2026-11\r\n" + String.join("\r\n", ids) + "\r\n").getBytes());

        awaitDone("persons.txt");

        List<JsonNode> results = jsonl("persons");
        assertThat(results).extracting(r -> r.get("personidentifikator").asText()).containsExactlyElementsOf(ids);
        assertThat(results).extracting(r -> r.path("notifiable").asText())
                .containsExactly("true", "false", "", "false", "false", "true");
        assertThat(results.get(1).get("reasons").toString()).startsWith("[\"RESERVED\"");
        assertThat(results.get(2).at("/error/code").asText()).isEqualTo("INVALID_ID");
        assertThat(results.get(2).at("/source/line").asInt()).isEqualTo(4);
        assertThat(results.get(3).get("reasons").toString()).contains("NOT_REGISTERED");
        assertThat(results.get(4).get("reasons").toString()).contains("NOT_ACTIVE");
        assertThat(results.get(5).get("reasons").toString()).isEqualTo("[\"MOBILE_EXPIRED\"]");
        List<String> csv = Files.readAllLines(files.outbox().resolve("persons.results.csv"));
        assertThat(csv).hasSize(7).first().isEqualTo(ResultFiles.HEADER);
        assertThat(csv.get(1)).startsWith(TestPersons.NOTIFIABLE.id() + ",true,AKTIV,NEI,");
        JsonNode summary = MAPPER.readTree(files.outbox().resolve("persons.summary.json").toFile());
        assertThat(summary.get("ids").asInt()).isEqualTo(6);
        assertThat(summary.get("notifiable").asInt()).isEqualTo(2);
        assertThat(summary.at("/errorCodes/INVALID_ID").asInt()).isEqualTo(1);
        assertThat(FileIntakeFixture.names(files.outbox())).noneMatch(name -> name.endsWith(".tmp"));
    }

    @Test
    void dropCsvAndJson_atTheSameTime_eachGetsOnlyItsOwnResultsInOrder() throws Exception {
        List<String> ids = TestIds.valid(6000, 7);
        List<String> first = ids.subList(0, 3000);
        List<String> second = ids.subList(3000, 6000);
        byte[] csv = ("personidentifikator;navn\r\n" + String.join(";x\r\n", first) + ";x\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] json = ("{\"personidentifikatorer\": [\"" + String.join("\",\n\"", second) + "\"]}")
                .getBytes(StandardCharsets.UTF_8);
        drop(files.inbox(), "left.csv", csv);
        drop(files.inbox(), "right.json", json);

        awaitDone("left.csv");
        awaitDone("right.json");

        assertThat(jsonl("left")).extracting(r -> r.get("personidentifikator").asText())
                .containsExactlyElementsOf(first);
        assertThat(jsonl("right")).extracting(r -> r.get("personidentifikator").asText())
                .containsExactlyElementsOf(second);
        assertThat(jsonl("right"))
                .allSatisfy(r -> assertThat(r.get("requestId").asText()).isEqualTo("file:right.json"));
    }

    @Test
    void drop100000Ids_everyResultInInputOrderAcrossConcurrentKrrCalls() throws Exception {
        List<String> ids = TestIds.valid(100_000, 7);
        SimulatorStats stats = files.simulatorBean(SimulatorStats.class);
        stats.reset();
        long started = System.nanoTime();
        drop(files.inbox(), "large.txt", (String.join("\n", ids) + "\n").getBytes(StandardCharsets.UTF_8));

        awaitDone("large.txt", Duration.ofSeconds(90));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        System.out.println("100,000-id file processed in " + took.toMillis() + " ms");
        assertThat(stats.snapshot().krrCalls()).isEqualTo(400);
        assertThat(stats.snapshot().largestBatch()).isEqualTo(250);
        List<String> written = new ArrayList<>(ids.size());
        try (var lines = Files.lines(files.outbox().resolve("large.results.jsonl"))) {
            lines.forEach(line -> written.add(IntakeFileCrashIT.personId(line)));
        }
        assertThat(written).isEqualTo(ids);
        assertThat(Files.lines(files.outbox().resolve("large.results.csv")).count()).isEqualTo(100_001);
        JsonNode summary = MAPPER.readTree(files.outbox().resolve("large.summary.json").toFile());
        assertThat(summary.get("results").asInt() + summary.get("errors").asInt()).isEqualTo(100_000);
        assertThat(took).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void dropBadFiles_eachMovesToTheErrorFolderWithItsReason() throws Exception {
        drop(files.inbox(), "empty.txt", new byte[0]);
        drop(files.inbox(), "sheet.xlsx", new byte[] {'P', 'K', 3, 4, 0});
        drop(files.inbox(), "broken.json", "{\"personidentifikatorer\": [\"1\"".getBytes(StandardCharsets.UTF_8));
        drop(files.inbox(), "picture.txt", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});
        drop(files.inbox(), "nothing.csv", "personidentifikator\r\nabc\r\n".getBytes(StandardCharsets.UTF_8));

        assertRefused("empty.txt", "empty.error.json", "EMPTY_FILE");
        assertRefused("sheet.xlsx", "sheet.error.json", "UNSUPPORTED_EXTENSION");
        assertRefused("broken.json", "broken.error.json", "NOT_JSON");
        assertRefused("picture.txt", "picture.error.json", "BINARY_FILE");
        assertRefused("nothing.csv", "nothing.error.json", "NO_VALID_IDS");
        assertThat(files.outbox().resolve("nothing.results.jsonl")).doesNotExist();
    }

    @Test
    void symbolicLinkInTheInbox_isRefusedAndItsTargetLeftAlone() throws Exception {
        Path outside = Files.writeString(files.work().resolve("outside.txt"), TestPersons.NOTIFIABLE.id() + "\n");
        Files.createSymbolicLink(files.inbox().resolve("linked.txt"), outside);

        assertRefused("linked.txt", "linked.error.json", "SYMBOLIC_LINK");
        assertThat(outside).hasContent(TestPersons.NOTIFIABLE.id());
        assertThat(Files.isSymbolicLink(files.error().resolve("linked.txt"))).isTrue();
    }

    @Test
    void slowWriter_fileIsTakenOnlyOnceItIsComplete() throws Exception {
        List<String> ids = TestIds.valid(20, 7);
        try (Writer writer = Files.newBufferedWriter(files.inbox().resolve("slow.txt"))) {
            for (String id : ids) {
                writer.write(id + "\n");
                writer.flush();
                Thread.sleep(100); // the slow writer is the test: the file grows for 2 s, past the read lock's min age
            }
        }

        awaitDone("slow.txt");

        assertThat(jsonl("slow")).hasSize(20);
    }

    @Test
    void krrUnavailable_fileStaysInTheInboxUntilKrrAnswersAgain() throws Exception {
        SimulatorFaults faults = files.simulatorBean(SimulatorFaults.class);
        faults.replace(new FaultSettings(null, null, null, 503, -1, null, null, null, null, null, null, null, null,
                null, null, null, null));
        try {
            drop(files.inbox(), "waiting.txt", (TestPersons.NOTIFIABLE.id() + "\n").getBytes(StandardCharsets.UTF_8));
            SimulatorStats stats = files.simulatorBean(SimulatorStats.class);
            long answered503 = stats.snapshot().injectedErrors();
            await("the file's lookup answered 503 and retried", WAIT,
                    () -> stats.snapshot().injectedErrors() >= answered503 + 3);
            assertThat(files.inbox().resolve("waiting.txt")).exists();
            assertThat(files.outbox().resolve("waiting.summary.json")).doesNotExist();
            assertThat(files.outbox().resolve("waiting.results.jsonl")).doesNotExist();
        } finally {
            faults.clear();
        }

        awaitDone("waiting.txt");

        assertThat(jsonl("waiting")).hasSize(1);
    }

    /** The outputs are replaced; both inputs are kept, in .done and in the error folder (before: the last only). */
    @Test
    void sameNameDroppedAgain_replacesTheOutputsAndKeepsBothInputs() throws Exception {
        String notifiable = TestPersons.NOTIFIABLE.id() + "\n";
        drop(files.inbox(), "again.txt", notifiable.getBytes(StandardCharsets.UTF_8));
        awaitDone("again.txt");
        drop(files.inbox(), "again.xml", notifiable.getBytes(StandardCharsets.UTF_8));
        assertRefused("again.xml", "again.error.json", "UNSUPPORTED_EXTENSION");

        String both = notifiable + TestPersons.RESERVED.id() + "\n";
        drop(files.inbox(), "again.txt", both.getBytes(StandardCharsets.UTF_8));
        drop(files.inbox(), "again.xml", both.getBytes(StandardCharsets.UTF_8));

        await("the second again.txt done", WAIT, () -> !Files.exists(files.inbox().resolve("again.txt"))
                && Files.exists(files.outbox().resolve("again.summary.json")));
        await("the second again.xml refused", WAIT, () -> !Files.exists(files.inbox().resolve("again.xml")));
        assertThat(files.inbox().resolve(".done/again.txt")).hasContent(notifiable.strip());
        assertThat(files.inbox().resolve(".done/again-2.txt")).hasContent(both.strip());
        assertThat(files.error().resolve("again.xml")).hasContent(notifiable.strip());
        assertThat(files.error().resolve("again-2.xml")).hasContent(both.strip());
        assertThat(files.error().resolve("again-2.error.json")).exists();
        assertThat(jsonl("again")).hasSize(2);
    }

    private static void awaitDone(String name) throws InterruptedException {
        awaitDone(name, WAIT);
    }

    private static void awaitDone(String name, Duration timeout) throws InterruptedException {
        await(name + " in inbox/.done", timeout, () -> Files.exists(files.inbox().resolve(".done").resolve(name)));
        String stem = FileUtil.stripExt(name, true);
        assertThat(files.outbox().resolve(stem + ".summary.json")).exists();
        assertThat(files.inbox().resolve(name)).doesNotExist();
    }

    private static void assertRefused(String name, String report, String reason) throws Exception {
        await(name + " in the error folder", WAIT,
                () -> Files.exists(files.error().resolve(name), LinkOption.NOFOLLOW_LINKS));
        assertThat(MAPPER.readTree(files.error().resolve(report).toFile()).get("reason").asText()).isEqualTo(reason);
        assertThat(files.inbox().resolve(name)).doesNotExist();
    }

    private static List<JsonNode> jsonl(String stem) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(files.outbox().resolve(stem + ".results.jsonl"))) {
            nodes.add(MAPPER.readTree(line));
        }
        return nodes;
    }
}
