// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KrrAnswerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Map<String, KrrPerson> read(String body) throws IOException {
        return KrrAnswer.persons(MAPPER, body.getBytes(StandardCharsets.UTF_8), id -> true);
    }

    @Test
    void persons_keepEachPersonsJsonAsTheBytesKrrSent() throws Exception {
        String ola = """
                {
                  "personidentifikator" : "20914695016", "status":"AKTIV", "reservasjon": "NEI",
                  "kontaktinformasjon": {"epostadresse":"\\u00f8la@example.no", "epostadresse_oppdatert": "2026-05-01T12:00:00+02"},
                  "nytt": [1, {"a": null}], "spraak": "nb"
                }""";
        Map<String, KrrPerson> persons = read("{\"ukjent\":{\"personer\":[]},\"personer\": [ " + ola
                + " , {\"personidentifikator\":\"23079421936\",\"status\":\"SLETTET\"} ]}");

        KrrPerson person = persons.get("20914695016");
        assertThat(json(person)).isEqualTo(ola);
        assertThat(person.status()).isEqualTo(KrrPerson.Status.AKTIV);
        assertThat(person.reservation()).isEqualTo(KrrPerson.Reservation.NEI);
        assertThat(person.email()).get().extracting(KrrPerson.ContactChannel::address).isEqualTo("øla@example.no");
        assertThat(person.language()).isEqualTo("nb");
        assertThat(MAPPER.readTree(json(person))).isEqualTo(MAPPER.readTree(ola));
        assertThat(persons.get("23079421936").status()).isEqualTo(KrrPerson.Status.SLETTET);
    }

    @Test
    void persons_oddButWellFormedAnswers_leaveOutWhatIsNotAPerson() throws Exception {
        assertThat(read("")).isEmpty();
        assertThat(read("[]")).isEmpty();
        assertThat(read("{}")).isEmpty();
        assertThat(read("{\"personer\":{\"personidentifikator\":\"20914695016\"}}")).isEmpty();
        assertThat(read("{\"personer\":[1,\"x\",null,[],{\"status\":\"AKTIV\"},{\"personidentifikator\":null},"
                + "{\"personidentifikator\":{\"a\":1}},{\"personidentifikator\":\"20914695016\"}]}"))
                .containsOnlyKeys("20914695016");
        // a repeated list replaces the earlier one, as in a JSON tree
        assertThat(read("{\"personer\":[{\"personidentifikator\":\"20914695016\"}],"
                + "\"personer\":[{\"personidentifikator\":\"23079421936\"}]}")).containsOnlyKeys("23079421936");
    }

    @Test
    void persons_fieldsOfTheWrongKindOrRepeated_readAsATreeWould() throws Exception {
        KrrPerson person = read("""
                {"personer":[{"personidentifikator":"20914695016","status":{"x":"AKTIV"},"reservasjon":"JA",
                  "reservasjon":"NEI","spraak":null,"varslingsstatus":["KAN_VARSLES"],
                  "kontaktinformasjon":{"epostadresse":"a@b.no","mobiltelefonnummer":"+4799999999"},
                  "kontaktinformasjon":{"mobiltelefonnummer":"+4798888888","mobiltelefonnummer_oppdatert":7},
                  "digital_post":"ola#1","sertifikat":12}]}""").get("20914695016");

        assertThat(person.status()).isEqualTo(KrrPerson.Status.UNKNOWN);
        assertThat(person.reservation()).isEqualTo(KrrPerson.Reservation.NEI);
        assertThat(person.language()).isNull();
        assertThat(person.varslingsstatus()).isNull();
        assertThat(person.email()).isEmpty();
        assertThat(person.mobile()).get().satisfies(mobile -> {
            assertThat(mobile.address()).isEqualTo("+4798888888");
            assertThat(mobile.updated()).isEmpty();
        });
        assertThat(person.digitalPost()).isEmpty();
        assertThat(person.certificate()).isEqualTo("12");
    }

    @Test
    void persons_notJsonOrCutShort_fail() {
        assertThatThrownBy(() -> read("<html>")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("{\"personer\":[{\"personidentifikator\":\"20914695016\"}"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("{\"personer\":[{\"personidentifikator\":\"2091469"))
                .isInstanceOf(IOException.class);
    }

    /** Kinds of invalid UTF-8 that Jackson copies unread or decodes leniently; the {@code krr} bytes are KRR's own. */
    @ParameterizedTest
    @ValueSource(strings = {"C0AF", "E080AF", "EDA080", "F4908080", "F5808080"})
    void persons_invalidUtf8_failsAsNotJsonInsteadOfReachingTheOutcome(String hex) {
        byte[] bad = HexFormat.of().parseHex(hex);
        for (String field : List.of("ukjent", "spraak")) {
            byte[] body = concat("{\"personer\":[{\"personidentifikator\":\"20914695016\",\"" + field + "\":\"a",
                    bad, "b\"}]}");
            assertThatThrownBy(() -> KrrAnswer.persons(MAPPER, body, id -> true)).as("%s in %s", hex, field)
                    .isInstanceOf(IOException.class);
        }
        byte[] inAName = concat("{\"personer\":[{\"personidentifikator\":\"20914695016\",\"x", bad, "\":1}]}");
        assertThatThrownBy(() -> KrrAnswer.persons(MAPPER, inAName, id -> true)).isInstanceOf(IOException.class);
    }

    @Test
    void persons_validUtf8OfEveryLength_isKeptAsSent() throws Exception {
        String ola = "{\"personidentifikator\":\"20914695016\",\"navn\":\"\u00c5se \u20ac \ud83d\ude00 \u2028\","
                + "\"spraak\":\"nb\"}";

        KrrPerson person = read("{\"personer\":[" + ola + "]}").get("20914695016");

        assertThat(json(person)).isEqualTo(ola);
        assertThat(person.language()).isEqualTo("nb");
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void persons_utf16Body_isReadAndKeptAsUtf8() throws Exception {
        String body = "{\"personer\":[{\"personidentifikator\":\"20914695016\",\"spraak\":\"nb\",\"navn\":\"Åse\"}]}";

        KrrPerson person = KrrAnswer.persons(MAPPER, body.getBytes(StandardCharsets.UTF_16BE), id -> true)
                .get("20914695016");

        assertThat(person.language()).isEqualTo("nb");
        assertThat(json(person))
                .isEqualTo("{\"personidentifikator\":\"20914695016\",\"spraak\":\"nb\",\"navn\":\"Åse\"}");
    }

    /** Re-encoded through a JSON tree, a UTF-16 answer cost 7 times its size, three times what its UTF-8 twin did. */
    @Test
    void persons_utf16Body_costsAboutWhatItsUtf8TwinDoes() throws Exception {
        String body = "{\"personer\":[" + IntStream.range(0, 100_000).mapToObj(i -> "{\"personidentifikator\":\""
                + (10_000_000_000L + i) + "\"}").collect(Collectors.joining(",")) + "]}";
        long utf8 = allocatedToRead(body.getBytes(StandardCharsets.UTF_8));
        long utf16 = allocatedToRead(body.getBytes(StandardCharsets.UTF_16BE));

        assertThat(utf16).as("bytes allocated, UTF-16").isLessThan(2 * utf8); // 53,945,192 against 16,017,600 before
    }

    /** The least of three reads: the first ones pay for warming up. */
    private static long allocatedToRead(byte[] body) throws IOException {
        var thread = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long before = thread.getCurrentThreadAllocatedBytes();
            assertThat(KrrAnswer.persons(MAPPER, body, id -> false)).isEmpty();
            least = Math.min(least, thread.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }

    private static String json(KrrPerson person) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        person.writeJson(out::write);
        return out.toString(StandardCharsets.UTF_8);
    }
}
