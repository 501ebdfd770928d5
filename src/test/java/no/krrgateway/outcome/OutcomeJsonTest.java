// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.verdict.Section32Rule;
import org.junit.jupiter.api.Test;

class OutcomeJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final OutcomeJson json = new OutcomeJson(MAPPER);
    private final Section32Rule rule = new Section32Rule(
            Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC), Period.ofMonths(18));

    @Test
    void write_result_matchesContractShapeAndKeepsUnknownKrrFields() throws Exception {
        ObjectNode krr = (ObjectNode) MAPPER.readTree("""
                {"personidentifikator":"20914695016","reservasjon":"NEI","status":"AKTIV","nyttFelt":{"a":1},
                 "kontaktinformasjon":{"epostadresse":"ola@example.no","epostadresse_oppdatert":"2026-05-01T12:00:00+02",
                   "mobiltelefonnummer":"+4799999999","mobiltelefonnummer_sist_verifisert":"2024-01-02T10:00:00Z"}}""");
        KrrPerson person = new KrrPerson(krr);
        var context = new RequestContext("r-1", "corr-7", new OutcomeSource.Kafka("t", 0, 42));
        JsonNode out = MAPPER.readTree(json.write(
                new PersonOutcome.Result(context, "20914695016", rule.evaluate(person), person)));

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
        assertThat(out.get("correlationId").asText()).isEqualTo("corr-7");
    }

    @Test
    void write_malformedError_carriesPayloadAndSourceWithoutPersonId() throws Exception {
        var context = new RequestContext("krr.lookup.requests-0-42", null,
                new OutcomeSource.Kafka("krr.lookup.requests", 0, 42));
        JsonNode out = MAPPER.readTree(json.write(new PersonOutcome.Error(context, null,
                ErrorCode.MALFORMED_REQUEST, "not JSON and not a bare person id", "{oops")));

        assertThat(out.has("personidentifikator")).isFalse();
        assertThat(out.at("/error/code").asText()).isEqualTo("MALFORMED_REQUEST");
        assertThat(out.at("/error/message").asText()).isEqualTo("not JSON and not a bare person id");
        assertThat(out.at("/source/channel").asText()).isEqualTo("kafka");
        assertThat(out.at("/source/topic").asText()).isEqualTo("krr.lookup.requests");
        assertThat(out.at("/source/partition").asInt()).isZero();
        assertThat(out.at("/source/offset").asLong()).isEqualTo(42);
        assertThat(out.get("payload").asText()).isEqualTo("{oops");
        assertThat(out.get("payloadLength").asLong()).isEqualTo(5);
        assertThat(out.has("correlationId")).isFalse();
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
        var context = new RequestContext("r-1", null, new OutcomeSource.File("ids.txt", 3));
        JsonNode out = MAPPER.readTree(json.write(new PersonOutcome.Error(context, "12345678901",
                ErrorCode.INVALID_ID, "check digits do not match", null)));

        assertThat(out.get("personidentifikator").asText()).isEqualTo("12345678901");
        assertThat(out.at("/error/code").asText()).isEqualTo("INVALID_ID");
        assertThat(out.at("/source/channel").asText()).isEqualTo("file");
        assertThat(out.at("/source/line").asLong()).isEqualTo(3);
        assertThat(out.has("payload")).isFalse();
        assertThat(out.has("payloadLength")).isFalse();
    }
}
