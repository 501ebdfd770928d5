// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import no.krrgateway.krr.Evidence;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.support.TestCertificates;
import no.krrgateway.verdict.Section32Rule;
import org.junit.jupiter.api.Test;

class OutcomeJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final OutcomeJson json = new OutcomeJson(MAPPER);
    private final Section32Rule rule = new Section32Rule(
            Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC), Period.ofMonths(18));
    /** After the simulator's valid certificate starts (2026-11-24T22:50:12Z). */
    private final Section32Rule laterRule = new Section32Rule(
            Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC), Period.ofMonths(18));

    @Test
    void write_result_matchesContractShapeAndKeepsUnknownKrrFields() throws Exception {
        ObjectNode krr = (ObjectNode) MAPPER.readTree("""
                {"personidentifikator":"20914695016","reservasjon":"NEI","status":"AKTIV","nyttFelt":{"a":1},
                 "kontaktinformasjon":{"epostadresse":"ola@example.no","epostadresse_oppdatert":"2026-05-01T12:00:00+02",
                   "mobiltelefonnummer":"+4799999999","mobiltelefonnummer_sist_verifisert":"2024-01-02T10:00:00Z"}}""");
        KrrPerson person = KrrPerson.of(krr);
        var context = new RequestContext("r-1", "corr-7", new OutcomeSource.Kafka("t", 0, 42));
        var evidence = new Evidence("0123456789abcdef".repeat(4), Instant.parse("2026-11-23T08:00:00Z"), "a.b.c");
        JsonNode out = MAPPER.readTree(json.write(
                new PersonOutcome.Result(context, "20914695016", rule.evaluate(person), person, evidence)));

        assertThat(out.get("requestId").asText()).isEqualTo("r-1");
        assertThat(out.get("personidentifikator").asText()).isEqualTo("20914695016");
        assertThat(out.get("notifiable").asBoolean()).isTrue();
        assertThat(out.get("reasons").toString()).isEqualTo("[\"MOBILE_EXPIRED\"]");
        JsonNode email = out.at("/channels/email");
        assertThat(email.get("address").asText()).isEqualTo("ola@example.no");
        assertThat(email.get("usable").asBoolean()).isTrue();
        assertThat(email.get("lastConfirmed").asText()).isEqualTo("2026-05-01T10:00:00Z");
        assertThat(email.get("usableUntil").asText()).isEqualTo("2027-11-01T11:00:00Z");
        JsonNode mobile = out.at("/channels/mobile");
        assertThat(mobile.get("number").asText()).isEqualTo("+4799999999");
        assertThat(mobile.get("usable").asBoolean()).isFalse();
        assertThat(out.get("evaluatedAt").asText()).isEqualTo("2026-11-23T08:00:00Z");
        assertThat(out.get("krr")).isEqualTo(krr);
        assertThat(out.get("evidenceId").asText()).isEqualTo(evidence.id());
        assertThat(out.get("correlationId").asText()).isEqualTo("corr-7");
    }

    @Test
    void write_resultWithoutTheTypedKrrParts_isExactlyTheJsonOfBeforeThem() throws Exception {
        String krr = "{\"personidentifikator\":\"20914695016\",\"reservasjon\":\"NEI\",\"status\":\"AKTIV\","
                + "\"kontaktinformasjon\":{\"epostadresse\":\"ola@example.no\","
                + "\"epostadresse_oppdatert\":\"2026-05-01T12:00:00+02\"}}";

        assertThat(write(krr)).isEqualTo("{\"requestId\":\"r-1\",\"personidentifikator\":\"20914695016\","
                + "\"notifiable\":true,\"reasons\":[],\"channels\":{\"email\":{\"address\":\"ola@example.no\","
                + "\"usable\":true,\"lastConfirmed\":\"2026-05-01T10:00:00Z\","
                + "\"usableUntil\":\"2027-11-01T11:00:00Z\"}},\"evaluatedAt\":\"2026-11-23T08:00:00Z\","
                + "\"krr\":" + krr + ",\"correlationId\":\"corr-7\"}");
    }

    @Test
    void write_resultWithEveryKrrPart_typesLanguageDigitalPostCertificateAndVarslingsstatus() throws Exception {
        JsonNode out = MAPPER.readTree(write(laterRule, person("""
                "spraak":"nn","varslingsstatus":"KAN_VARSLES",
                "digital_post":{"postkasseadresse":"ola.nordmann#9YDT","postkasseleverandoeradresse":"984661185"},
                "sertifikat":"%s\"""".formatted(TestCertificates.VALID))));

        assertThat(out.get("language").asText()).isEqualTo("nn");
        assertThat(out.at("/digitalPost/address").asText()).isEqualTo("ola.nordmann#9YDT");
        assertThat(out.at("/digitalPost/provider").asText()).isEqualTo("984661185");
        assertThat(out.at("/certificate/notAfter").asText()).isEqualTo(TestCertificates.VALID_NOT_AFTER.toString());
        assertThat(out.at("/certificate/usable").asBoolean()).isTrue();
        assertThat(out.get("krrVarslingsstatus").asText()).isEqualTo("KAN_VARSLES");
        assertThat(out.at("/krr/sertifikat").asText()).isEqualTo(TestCertificates.VALID);
        assertThat(out.get("notifiable").asBoolean()).isTrue();
    }

    @Test
    void write_eachKrrPartAlone_addsOnlyItsOwnField() throws Exception {
        assertThat(fieldNames(write(person("\"spraak\":\"se\"")))).contains("language")
                .doesNotContain("digitalPost", "certificate", "krrVarslingsstatus");
        assertThat(fieldNames(write(person("\"varslingsstatus\":\"KAN_IKKE_VARSLES\"")))).contains("krrVarslingsstatus")
                .doesNotContain("language", "digitalPost", "certificate");
        JsonNode postOnly = MAPPER.readTree(write(person("\"digital_post\":{\"postkasseadresse\":\"kari#1\"}")));
        assertThat(postOnly.get("digitalPost").toString()).isEqualTo("{\"address\":\"kari#1\"}");
        assertThat(fieldNames(postOnly.toString())).doesNotContain("language", "certificate", "krrVarslingsstatus");
        assertThat(fieldNames(write(person("\"digital_post\":{\"postkasseadresse\":\"\"},\"sertifikat\":\"\""))))
                .doesNotContain("digitalPost", "certificate");
    }

    @Test
    void write_expiredCertificate_notUsableWithItsNotAfter() throws Exception {
        JsonNode out = MAPPER.readTree(write(person("\"sertifikat\":\"%s\"".formatted(TestCertificates.EXPIRED))));

        assertThat(out.get("certificate").toString())
                .isEqualTo("{\"notAfter\":\"" + TestCertificates.EXPIRED_NOT_AFTER + "\",\"usable\":false}");
    }

    @Test
    void write_malformedCertificate_notUsableAndTheOutcomeIsStillWritten() throws Exception {
        JsonNode out = MAPPER.readTree(write(person("\"sertifikat\":\"MIIDoops\",\"spraak\":\"nb\"")));

        assertThat(out.get("certificate").toString()).isEqualTo("{\"usable\":false}");
        assertThat(out.get("notifiable").asBoolean()).isTrue();
        assertThat(out.get("language").asText()).isEqualTo("nb");
    }

    @Test
    void write_malformedError_carriesPayloadAndSourceWithoutPersonId() throws Exception {
        var context = new RequestContext("krr.lookup.requests-3-42", null,
                new OutcomeSource.Kafka("krr.lookup.requests", 3, 42));
        JsonNode out = MAPPER.readTree(json.write(new PersonOutcome.Error(context, null,
                ErrorCode.MALFORMED_REQUEST, "not JSON and not a bare person id", "{oops")));

        assertThat(out.has("personidentifikator")).isFalse();
        assertThat(out.at("/error/code").asText()).isEqualTo("MALFORMED_REQUEST");
        assertThat(out.at("/error/message").asText()).isEqualTo("not JSON and not a bare person id");
        assertThat(out.at("/source/channel").asText()).isEqualTo("kafka");
        assertThat(out.at("/source/topic").asText()).isEqualTo("krr.lookup.requests");
        assertThat(out.at("/source/partition").asInt()).isEqualTo(3);
        assertThat(out.at("/source/offset").asLong()).isEqualTo(42);
        assertThat(out.get("payload").asText()).isEqualTo("{oops");
        assertThat(out.get("payloadLength").asLong()).isEqualTo(5);
        assertThat(out.has("correlationId")).isFalse();
    }

    /** A notifiable person with a fresh e-mail and the given extra top-level KRR fields. */
    private static String person(String extraFields) {
        return """
                {"personidentifikator":"20914695016","reservasjon":"NEI","status":"AKTIV",%s,
                 "kontaktinformasjon":{"epostadresse":"ola@example.no","epostadresse_oppdatert":"2026-05-01T12:00:00Z"}}"""
                .formatted(extraFields);
    }

    private String write(String krrJson) throws Exception {
        return write(rule, krrJson);
    }

    private String write(Section32Rule rule, String krrJson) throws Exception {
        KrrPerson person = KrrPerson.of((ObjectNode) MAPPER.readTree(krrJson));
        var context = new RequestContext("r-1", "corr-7", new OutcomeSource.Kafka("t", 0, 42));
        return json.write(new PersonOutcome.Result(context, "20914695016", rule.evaluate(person), person, null));
    }

    private static java.util.List<String> fieldNames(String json) throws Exception {
        java.util.List<String> names = new java.util.ArrayList<>();
        MAPPER.readTree(json).fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void write_cutPayload_carriesTheWholeLength() throws Exception {
        var context = new RequestContext("t-0-1", null, new OutcomeSource.Kafka("t", 0, 1));
        JsonNode out = MAPPER.readTree(json.write(new PersonOutcome.Error(context, null,
                ErrorCode.MALFORMED_REQUEST, "JSON cut off before its end", "{\"requestId\":\"aaa", 1_048_590)));

        assertThat(out.get("payload").asText()).isEqualTo("{\"requestId\":\"aaa");
        assertThat(out.get("payloadLength").asLong()).isEqualTo(1_048_590);
    }

    @Test
    void write_invalidIdError_hasPersonIdAndNoPayload() throws Exception {
        var context = new RequestContext("r-1", "corr-3", new OutcomeSource.File("ids.txt", 3));
        JsonNode out = MAPPER.readTree(json.write(new PersonOutcome.Error(context, "12345678901",
                ErrorCode.INVALID_ID, "check digits do not match", null)));

        assertThat(out.get("personidentifikator").asText()).isEqualTo("12345678901");
        assertThat(out.at("/error/code").asText()).isEqualTo("INVALID_ID");
        assertThat(out.at("/source/channel").asText()).isEqualTo("file");
        assertThat(out.at("/source/file").asText()).isEqualTo("ids.txt");
        assertThat(out.at("/source/line").asLong()).isEqualTo(3);
        assertThat(out.get("correlationId").asText()).isEqualTo("corr-3");
        assertThat(out.has("payload")).isFalse();
        assertThat(out.has("payloadLength")).isFalse();
    }

    /** The generator hands over its 8000-byte buffer in several writes: the bytes must still be the whole outcome. */
    @Test
    void toBytes_outcomeLargerThanTheGeneratorsBuffer_isWhole() throws Exception {
        ObjectNode krr = (ObjectNode) MAPPER.readTree("""
                {"personidentifikator":"20914695016","reservasjon":"NEI","status":"AKTIV",
                 "kontaktinformasjon":{"epostadresse":"ola@example.no","epostadresse_oppdatert":"2026-05-01T12:00:00+02"}}""");
        krr.put("nyttFelt", "x".repeat(20_000));
        KrrPerson person = KrrPerson.of(krr);
        var context = new RequestContext("r-1", "corr-7", new OutcomeSource.Kafka("t", 0, 42));
        var outcome = new PersonOutcome.Result(context, "20914695016", rule.evaluate(person), person, null);
        java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
        json.writeLines(List.of(outcome), streamed);

        byte[] bytes = json.toBytes(List.of(outcome)).get(0);

        assertThat(new String(bytes, StandardCharsets.UTF_8) + "\n").isEqualTo(streamed.toString(StandardCharsets.UTF_8));
        JsonNode out = MAPPER.readTree(bytes);
        assertThat(out.get("krr")).isEqualTo(krr);
        assertThat(out.get("correlationId").asText()).isEqualTo("corr-7");
    }

    @Test
    void toBytes_severalOutcomes_eachItsOwnObjectAsStreamedAlone() throws Exception {
        KrrPerson person = KrrPerson.of((ObjectNode) MAPPER.readTree("""
                {"personidentifikator":"20914695016","reservasjon":"NEI","status":"AKTIV","spraak":"nb",
                 "kontaktinformasjon":{"epostadresse":"ola@example.no","epostadresse_oppdatert":"2026-05-01T12:00:00+02"}}"""));
        var kafka = new RequestContext("r-1", "corr-7", new OutcomeSource.Kafka("t", 0, 42));
        var file = new RequestContext("f-1", null, new OutcomeSource.File("a.txt", 3));
        List<PersonOutcome> outcomes = List.of(
                new PersonOutcome.Result(kafka, "20914695016", rule.evaluate(person), person, null),
                new PersonOutcome.Error(file, "12345678901", ErrorCode.INVALID_ID, "check digits", null),
                new PersonOutcome.Result(file, "20914695016", rule.evaluate(person), person, null));

        List<byte[]> all = json.toBytes(outcomes);

        assertThat(all).hasSize(3);
        for (int i = 0; i < 3; i++) {
            java.io.ByteArrayOutputStream alone = new java.io.ByteArrayOutputStream();
            json.writeLines(List.of(outcomes.get(i)), alone);
            assertThat(new String(all.get(i), StandardCharsets.UTF_8) + "\n").isEqualTo(alone.toString(StandardCharsets.UTF_8))
                    .startsWith("{\"requestId\"").endsWith("}\n");
        }
        assertThat(json.toBytes(List.of())).isEmpty();
    }
}
