// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Map;
import no.krrgateway.krr.model.KrrAnswer;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.support.JsonSchemas;
import no.krrgateway.verdict.Section32Rule;
import org.junit.jupiter.api.Test;

/**
 * Persons as Digdir's KRR documents them, beyond what the gateway types: every documented field, nulls, empty and
 * absent parts, fields no document names, a list in another order. Each gives a result valid against
 * result.schema.json that keeps KRR's person as sent.
 */
class DigdirAnswerShapesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Section32Rule rule = new Section32Rule(
            Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC), Period.ofMonths(18));

    @Test
    void documentedUntypedNullAndUnknownFields_validResultsKeepingKrrsPerson() throws Exception {
        String answer = """
                {"personer": [
                 {"personidentifikator": "23079421936", "status": "SLETTET", "reservasjon": "NEI",
                  "varslingsstatus": "KAN_IKKE_VARSLES"},
                 {"personidentifikator": "20914695016", "reservasjon": "NEI",
                  "reservasjon_oppdatert": "2023-06-13T13:42:34+02", "status": "AKTIV",
                  "varslingsstatus": "KAN_VARSLES",
                  "kontaktinformasjon": {"epostadresse": "ola@example.no",
                   "epostadresse_oppdatert": "2026-08-05T10:45:15.768Z",
                   "epostadresse_sist_verifisert": "2026-08-05T10:45:15.768Z",
                   "epostadresse_sist_validert": "2026-08-05T10:45:15.768Z", "epostadresse_duplisert": "NEI",
                   "mobiltelefonnummer": "+4799999999", "mobiltelefonnummer_oppdatert": "2023-08-05T10:45:15+02",
                   "mobiltelefonnummer_sist_verifisert": null, "mobiltelefonnummer_sist_validert": null,
                   "mobiltelefonnummer_duplisert": "JA"},
                  "digital_post": {"postkasseadresse": "ola.nordmann#9YDT", "postkasseleverandoeradresse": "984661185"},
                  "sertifikat": "MIIC2jCCAkMCAg38MA0GCSqGSIb3DQEBBQUA", "spraak": "nb",
                  "spraak_oppdatert": "2026-08-05T10:45:15.768Z", "oppdatert": "2026-08-05T10:45:15.768Z",
                  "nyttFelt": {"liste": [], "tall": 1}},
                 {"personidentifikator": "15897600045", "reservasjon": "JA",
                  "reservasjonstidspunkt": "2024-01-02T10:00:00+01:00", "status": "AKTIV",
                  "varslingsstatus": "KAN_IKKE_VARSLES", "kontaktinformasjon": null, "digital_post": null,
                  "sertifikat": null, "spraak": null, "spraak_oppdatert": null},
                 {"personidentifikator": "02013299997", "reservasjon": "NEI", "status": "AKTIV",
                  "varslingsstatus": "NOE_NYTT", "kontaktinformasjon": {}, "digital_post": {}, "sertifikat": "",
                  "spraak": "se", "ekstra": [null, {}, []]}
                ]}""";
        byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        JsonNode sent = MAPPER.readTree(body).get("personer");

        Map<String, KrrPerson> persons = KrrAnswer.persons(MAPPER, body, id -> true);

        assertThat(persons).hasSize(4);
        OutcomeJson json = new OutcomeJson(MAPPER);
        var context = new RequestContext("r-1", null, new OutcomeSource.Kafka("t", 0, 1));
        for (JsonNode person : sent) {
            String id = person.get("personidentifikator").asText();
            KrrPerson read = persons.get(id);
            JsonNode out = MAPPER.readTree(json.write(
                    new PersonOutcome.Result(context, id, rule.evaluate(read), read, null)));
            assertThat(JsonSchemas.problems("result.schema.json", out)).as(out.toString()).isEmpty();
            assertThat(out.get("krr")).as(id).isEqualTo(person);
        }
        JsonNode full = result(json, context, persons, "20914695016");
        assertThat(full.get("notifiable").asBoolean()).isTrue();
        assertThat(full.get("reasons").toString()).isEqualTo("[\"MOBILE_EXPIRED\"]");
        assertThat(full.at("/digitalPost/provider").asText()).isEqualTo("984661185");
        assertThat(full.get("language").asText()).isEqualTo("nb");
        assertThat(full.at("/certificate/usable").asBoolean()).isFalse();
        JsonNode nulls = result(json, context, persons, "15897600045");
        assertThat(nulls.get("reasons").toString()).isEqualTo("[\"RESERVED\",\"NO_CONTACT_INFO\"]");
        assertThat(nulls.has("language") || nulls.has("digitalPost") || nulls.has("certificate")).isFalse();
        JsonNode empty = result(json, context, persons, "02013299997");
        assertThat(empty.get("reasons").toString()).isEqualTo("[\"NO_CONTACT_INFO\"]");
        assertThat(empty.get("krrVarslingsstatus").asText()).isEqualTo("NOE_NYTT");
        assertThat(empty.has("digitalPost") || empty.has("certificate")).isFalse();
    }

    private JsonNode result(OutcomeJson json, RequestContext context, Map<String, KrrPerson> persons, String id)
            throws Exception {
        KrrPerson person = persons.get(id);
        return MAPPER.readTree(json.write(new PersonOutcome.Result(context, id, rule.evaluate(person), person, null)));
    }
}
