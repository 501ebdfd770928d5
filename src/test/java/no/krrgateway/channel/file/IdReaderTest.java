// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import no.krrgateway.channel.file.IdReader.IdLine;
import no.krrgateway.channel.file.IdReader.InputFormat;
import no.krrgateway.support.TestIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdReaderTest {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void txt_anyLineEnding_readsIdsWithTheirLines(String eol) throws IOException {
        String text = String.join(eol, "# ids for the letter", "20914695016", "", "  23079421936  ", "#x", "abc");
        assertThat(read(InputFormat.TXT, utf8(text + eol))).containsExactly(
                new IdLine("20914695016", 2), new IdLine("23079421936", 4), new IdLine("abc", 6));
    }

    @Test
    void txt_withBomAndNoFinalNewline_dropsTheBom() throws IOException {
        assertThat(read(InputFormat.TXT, withBom("20914695016\r\n23079421936")))
                .containsExactly(new IdLine("20914695016", 1), new IdLine("23079421936", 2));
    }

    @Test
    void txt_onlyCommentsAndBlankLines_hasNoIds() throws IOException {
        assertThat(read(InputFormat.TXT, utf8("# nothing\n\n   \n#more\n"))).isEmpty();
    }

    @Test
    void txt_veryLongLine_isKeptShortAndStillReadAsOneId() throws IOException {
        List<IdLine> ids = read(InputFormat.TXT, utf8("9".repeat(100_000) + "\n20914695016\n"));
        assertThat(ids).hasSize(2);
        assertThat(ids.get(0).id()).hasSize(CharIdReader.MAX_KEPT);
        assertThat(ids.get(1)).isEqualTo(new IdLine("20914695016", 2));
    }

    @Test
    void txt_latin1Text_isRefusedAsNotUtf8() {
        byte[] latin1 = "# Søknad\n20914695016\n".getBytes(StandardCharsets.ISO_8859_1);
        assertRejected(InputFormat.TXT, latin1, FileProblem.NOT_UTF8);
    }

    @Test
    void txt_nulByteAfterTheStart_isRefusedAsBinary() {
        assertRejected(InputFormat.TXT, utf8("20914695016\n\0\0\0"), FileProblem.BINARY_FILE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("csvFiles")
    void csv_readsTheIdColumnWithEachIdsLine(String what, byte[] csv, List<IdLine> expected) throws IOException {
        assertThat(read(InputFormat.CSV, csv)).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> csvFiles() {
        return Stream.of(
                Arguments.of("header in the second column, semicolons: that column",
                        utf8("navn;Personidentifikator;kommune\r\nOla;20914695016;Oslo\r\n"
                                + "\"Nordmann; Kari\";23079421936;Bergen\r\n"),
                        List.of(new IdLine("20914695016", 2), new IdLine("23079421936", 3))),
                Arguments.of("no header: the first column from the first row",
                        utf8("20914695016,Ola\n23079421936,Kari\n"),
                        List.of(new IdLine("20914695016", 1), new IdLine("23079421936", 2))),
                Arguments.of("quoted fields with delimiters, quotes and newlines: one field each",
                        utf8("personidentifikator,merknad\n\"20914695016\",\"sa \"\"hei\"\", og\nflyttet\"\n"
                                + "23079421936,\"a,b\"\n"),
                        List.of(new IdLine("20914695016", 2), new IdLine("23079421936", 4))),
                Arguments.of("BOM, CRLF, comments and blank rows: skipped",
                        withBom("# export from the case system\r\npersonidentifikator\r\n\r\n20914695016\r\n;;\r\n"
                                + "#\r\n23079421936\r\n"),
                        List.of(new IdLine("20914695016", 4), new IdLine("23079421936", 7))),
                Arguments.of("a row without the id column: an empty id",
                        utf8("navn;personidentifikator\nOla\n"), List.of(new IdLine("", 2))),
                Arguments.of("the id column first and empty, other cells filled: an empty id, not skipped",
                        utf8("personidentifikator;navn\n;Ola\n"), List.of(new IdLine("", 2))),
                Arguments.of("a spreadsheet's column without a heading, empty fields past the header: read",
                        utf8("personidentifikator;\n20914695016;merknad\n23079421936;;;\n"),
                        List.of(new IdLine("20914695016", 2), new IdLine("23079421936", 3))),
                Arguments.of("a comma inside a semicolon file: no delimiter",
                        utf8("personidentifikator;navn\n20914695016;Nordmann, Ola\n"),
                        List.of(new IdLine("20914695016", 2))));
    }

    /** A spreadsheet export: the header is found in any column, and only the id is taken from each row. */
    @Test
    void csv_headerPastColumn1000_readsThatColumn() throws IOException {
        String before = "x;".repeat(1500);
        byte[] csv = utf8(before.replace("x", "kolonne") + "personidentifikator;navn\n" + before + "20914695016;Ola\n"
                + before + "23079421936;Kari\n");
        assertThat(read(InputFormat.CSV, csv))
                .containsExactly(new IdLine("20914695016", 2), new IdLine("23079421936", 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"personidentifikator;navn;PersonIdentifikator\n20914695016;Ola;23079421936\n",
            "navn,personidentifikator\nNordmann, Ola,20914695016\n"})
    void csv_twoIdColumnsOrARowWiderThanItsHeader_isRefusedNamingTheLine(String text) {
        assertThatThrownBy(() -> read(InputFormat.CSV, utf8(text)))
                .isInstanceOfSatisfying(RejectedFileException.class,
                        e -> assertThat(e.problem()).isEqualTo(FileProblem.BAD_CSV))
                .hasMessageContaining("line " + (text.startsWith("navn") ? 2 : 1)).hasMessageNotContaining("2091");
    }

    @Test
    void csv_unclosedQuote_isRefused() {
        assertRejected(InputFormat.CSV, utf8("personidentifikator\n\"20914695016\n23079421936\n"),
                FileProblem.BAD_CSV);
    }

    @Test
    void json_array_readsEveryElementWithItsLine() throws IOException {
        assertThat(read(InputFormat.JSON, utf8("[\n  \"20914695016\",\n  23079421936,\n  null, {\"a\": [1]}\n]\n")))
                .containsExactly(new IdLine("20914695016", 2), new IdLine("23079421936", 3), new IdLine("", 4),
                        new IdLine("", 4));
    }

    @Test
    void json_objectWithOtherFieldsAroundTheIds_readsTheIds() throws IOException {
        byte[] json = withBom("{\"requestId\": \"x\", \"meta\": {\"personidentifikatorer\": 1},\r\n"
                + " \"personidentifikatorer\": [\"20914695016\", \" 23079421936 \"], \"after\": [1, 2]}");
        assertThat(read(InputFormat.JSON, json)).extracting(IdLine::id)
                .containsExactly("20914695016", "23079421936");
    }

    @Test
    void json_veryLongString_isKeptShortAsInATextFile() throws IOException {
        List<IdLine> ids = read(InputFormat.JSON, utf8("[\"" + "9".repeat(100_000) + "\", \"20914695016\"]"));
        assertThat(ids).hasSize(2);
        assertThat(ids.get(0).id()).hasSize(CharIdReader.MAX_KEPT);
        assertThat(ids.get(1)).isEqualTo(new IdLine("20914695016", 1));
    }

    @Test
    void json_stringOverTheCap_refusedNamingTheProperty() {
        assertThatThrownBy(() -> read(InputFormat.JSON, utf8("[\"" + "9".repeat(100_001) + "\"]")))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("gateway.limits.max-json-string-length").hasMessageNotContaining("Jackson")
                .hasMessageNotContaining("StreamReadConstraints");
    }

    /** The cap is on strings read: one in a member the gateway ignores is skipped unread, whatever its length. */
    @Test
    void json_longStringInAnIgnoredMember_isSkippedAndTheIdsRead() throws IOException {
        String note = "x".repeat(1_000_000);
        byte[] file = utf8("{\"note\": \"" + note + "\", \"more\": [{\"a\": \"" + note
                + "\"}], \"personidentifikatorer\": [\"20914695016\"], \"after\": \"" + note + "\"}");

        assertThat(read(InputFormat.JSON, file)).extracting(IdLine::id).containsExactly("20914695016");
    }

    /** Text and CSV keep MAX_KEPT of a line; Jackson holds a string whole, so JSON refuses one over 100,000. */
    @ParameterizedTest
    @EnumSource(InputFormat.class)
    void anyFormat_idOfMillionsOfCharacters_isNeverHeldWhole(InputFormat format) {
        String id = "9".repeat(10_000_000);
        byte[] file = utf8(format == InputFormat.JSON ? "[\"" + id + "\", \"20914695016\"]" : id + "\n20914695016\n");
        var thread = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = thread.getCurrentThreadAllocatedBytes();
        Throwable refused = catchThrowable(() -> assertThat(read(format, file)).hasSize(2));
        // JSON's 40,077,296 bytes before (the id as chars, twice); a text file's 94,080
        assertThat(thread.getCurrentThreadAllocatedBytes() - before).as("bytes allocated").isLessThan(2_000_000);
        if (format == InputFormat.JSON) {
            assertThat(refused).isInstanceOfSatisfying(RejectedFileException.class,
                    e -> assertThat(e.problem()).isEqualTo(FileProblem.NOT_JSON));
        } else {
            assertThat(refused).isNull();
        }
    }

    @Test
    void json_emptyArray_hasNoIds() throws IOException {
        assertThat(read(InputFormat.JSON, utf8("[]"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ids: 20914695016", "[\"20914695016\", ", "[\"20914695016\"] [", "{\"a\": }",
            "   "})
    void json_notJson_isRefusedAsNotJson(String text) {
        assertRejected(InputFormat.JSON, utf8(text), FileProblem.NOT_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"20914695016\"", "20914695016\n23079421936", "{\"ids\": [\"20914695016\"]}",
            "{\"personidentifikatorer\": \"x\"}"})
    void json_otherShape_isRefusedAsUnexpectedJson(String text) {
        assertRejected(InputFormat.JSON, utf8(text), FileProblem.UNEXPECTED_JSON);
    }

    @Test
    void json_cutOff_saysTheFileEndsTooEarly() {
        assertThatThrownBy(() -> read(InputFormat.JSON, utf8("{\"personidentifikatorer\": [\"20914695016\",")))
                .hasMessageContaining("ends before the JSON is complete");
    }

    @Test
    void json_notJsonDetail_doesNotQuoteTheFile() {
        assertThatThrownBy(() -> read(InputFormat.JSON, utf8("[20914695016x]")))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageNotContaining("209146")
                .hasMessageContaining("line 1");
    }

    @ParameterizedTest
    @EnumSource(InputFormat.class)
    void anyFormat_manyIds_streamsThemAllInOrder(InputFormat format) throws IOException {
        List<String> ids = TestIds.valid(20_000, 7);
        StringBuilder text = new StringBuilder(format == InputFormat.JSON ? "[" : "");
        for (int i = 0; i < ids.size(); i++) {
            text.append(format == InputFormat.JSON ? (i == 0 ? "" : ",") + '"' + ids.get(i) + '"' : ids.get(i))
                    .append('\n');
        }
        text.append(format == InputFormat.JSON ? "]" : "");
        assertThat(read(format, utf8(text.toString()))).extracting(IdLine::id).containsExactlyElementsOf(ids);
    }

    private static List<IdLine> read(InputFormat format, byte[] bytes) throws IOException {
        List<IdLine> ids = new ArrayList<>();
        try (IdReader reader = IdReader.open(new ByteArrayInputStream(bytes), format, FileIntakeFixture.LIMITS)) {
            for (IdLine id = reader.next(); id != null; id = reader.next()) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static void assertRejected(InputFormat format, byte[] bytes, FileProblem problem) {
        assertThatThrownBy(() -> read(format, bytes))
                .isInstanceOfSatisfying(RejectedFileException.class, e -> assertThat(e.problem()).isEqualTo(problem));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] withBom(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(BOM);
        out.writeBytes(utf8(text));
        return out.toByteArray();
    }
}
