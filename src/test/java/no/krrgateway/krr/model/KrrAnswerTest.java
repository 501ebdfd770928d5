// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KrrAnswerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Map<String, KrrPerson> read(String body) throws IOException {
        return KrrAnswer.persons(MAPPER, body.getBytes(StandardCharsets.UTF_8));
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

    @Test
    void persons_utf16Body_isReadAndKeptAsUtf8() throws Exception {
        String body = "{\"personer\":[{\"personidentifikator\":\"20914695016\",\"spraak\":\"nb\",\"navn\":\"Åse\"}]}";

        KrrPerson person = KrrAnswer.persons(MAPPER, body.getBytes(StandardCharsets.UTF_16BE)).get("20914695016");

        assertThat(person.language()).isEqualTo("nb");
        assertThat(json(person))
                .isEqualTo("{\"personidentifikator\":\"20914695016\",\"spraak\":\"nb\",\"navn\":\"Åse\"}");
    }

    private static String json(KrrPerson person) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        person.writeJson(out::write);
        return out.toString(StandardCharsets.UTF_8);
    }
}
