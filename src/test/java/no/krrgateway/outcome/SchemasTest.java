// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import no.krrgateway.channel.file.FileProblem;
import no.krrgateway.krr.Evidence;
import no.krrgateway.support.JsonSchemas;
import org.junit.jupiter.api.Test;

/** The published schemas refuse what they do not name, so an output that grows a field fails SchemaOutputsIT. */
class SchemasTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String RESULT = """
            {"requestId": "r-1", "personidentifikator": "20914695016", "notifiable": true, "reasons": [],
             "channels": {"email": {"address": "ola@example.no", "usable": true,
                                    "lastConfirmed": "2026-05-01T10:00:00Z", "usableUntil": "2027-11-01T10:00:00Z"}},
             "evaluatedAt": "2026-11-23T08:00:00Z", "krr": {"personidentifikator": "20914695016"}}""";

    @Test
    void result_asDocumented_valid() throws Exception {
        assertThat(JsonSchemas.problems("result.schema.json", MAPPER.readTree(RESULT))).isEmpty();
        assertThat(JsonSchemas.problems("lookup-response.schema.json", MAPPER.readTree(
                "{\"requestId\": \"r-1\", \"outcomes\": [" + RESULT + "]}"))).isEmpty();
    }

    @Test
    void result_withAFieldNoSchemaNames_orAChannelField_refused() throws Exception {
        ObjectNode grown = (ObjectNode) MAPPER.readTree(RESULT);
        grown.put("newField", 1);
        ObjectNode grownChannel = (ObjectNode) MAPPER.readTree(RESULT);
        ((ObjectNode) grownChannel.path("channels").path("email")).put("verifiedBy", "x");

        assertThat(JsonSchemas.problems("result.schema.json", grown)).singleElement().asString().contains("newField");
        assertThat(JsonSchemas.problems("result.schema.json", grownChannel)).isNotEmpty();
    }

    @Test
    void error_unknownCode_refused() throws Exception {
        var error = MAPPER.readTree("""
                {"requestId": "r-1", "error": {"code": "SOMETHING_NEW", "message": "m"}, "source": {}}""");

        assertThat(JsonSchemas.problems("error.schema.json", error)).isNotEmpty();
    }

    /** Every code an outcome can carry (a tenant's CONSUMER_ORG_REJECTED too), in an error and a completion record. */
    @Test
    void error_andCompletion_everyOutcomeCode_valid() throws Exception {
        for (ErrorCode code : List.of(ErrorCode.values()).subList(0, ErrorCode.KRR_UNAVAILABLE.ordinal())) {
            var error = MAPPER.readTree("""
                    {"requestId": "r-1", "error": {"code": "%s", "message": "m"}, "source": {}}""".formatted(code));
            var completion = MAPPER.readTree("""
                    {"requestId": "r-1", "source": {"channel": "kafka", "topic": "t", "partition": 0, "offset": 1},
                     "ids": 1, "results": 0, "notifiable": 0, "errors": {"INVALID_ID": 0, "MALFORMED_REQUEST": 0,
                     "KRR_REJECTED": 0, "PROCESSING_FAILED": 0, "%s": 1}, "reasons": {"RESERVED": 0, "NOT_ACTIVE": 0,
                     "NOT_REGISTERED": 0, "NO_CONTACT_INFO": 0, "EMAIL_EXPIRED": 0, "MOBILE_EXPIRED": 0},
                     "startedAt": "2026-11-27T01:00:00Z", "completedAt": "2026-11-27T01:00:01Z"}""".formatted(code));

            assertThat(JsonSchemas.problems("error.schema.json", error)).as(code.name()).isEmpty();
            assertThat(JsonSchemas.problems("completion.schema.json", completion)).as(code.name()).isEmpty();
        }
    }

    /** The record both channels write (krr.lookup.evidence, NAME.evidence.jsonl): described, and nothing more. */
    @Test
    void evidence_theRecordWritten_validAndStrict() throws Exception {
        var evidence = new Evidence("0123456789abcdef".repeat(4), Instant.parse("2026-12-07T19:00:00.123456Z"),
                "eyJhbGciOiJSUzI1NiJ9.eyJwZXJzb25lciI6W119.c2lnbmF0dXJl");
        var record = (ObjectNode) MAPPER.readTree(new OutcomeJson(MAPPER).toBytes(evidence));

        assertThat(JsonSchemas.problems("evidence.schema.json", record)).isEmpty();
        assertThat(JsonSchemas.problems("evidence.schema.json", record.deepCopy().put("extra", 1))).isNotEmpty();
        assertThat(JsonSchemas.problems("evidence.schema.json", record.deepCopy().put("evidenceId", "ABC")))
                .isNotEmpty();
    }

    /** Every reason a refused file's report can carry (RegularFileTest writes one for a FIFO). */
    @Test
    void fileError_everyReason_valid() throws Exception {
        for (FileProblem reason : FileProblem.values()) {
            var report = MAPPER.readTree("""
                    {"file": "ids.txt", "reason": "%s", "detail": "d", "at": "2026-12-07T19:00:00Z"}"""
                    .formatted(reason));

            assertThat(JsonSchemas.problems("file-error.schema.json", report)).as(reason.name()).isEmpty();
        }
    }
}
