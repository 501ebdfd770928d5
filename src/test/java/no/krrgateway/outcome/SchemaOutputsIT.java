// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import no.krrgateway.support.ApiGateway;
import no.krrgateway.support.JsonSchemas;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real outputs of a running gateway (Kafka, file drop, HTTP API) against the published schemas in docs/schemas/,
 * which forbid fields they do not name: a field added to an output without its schema fails here. Which schema
 * describes which output is the tables below, so a changed shape is a change to a schema file and, at most, a row.
 */
class SchemaOutputsIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Named test persons (docs/simulator-test-persons.md): notifiable, reserved, deleted, not in KRR, mobile expired, both expired, no contact info. */
    private static final List<String> NAMED = List.of("20914695016", "23079421936", "15507600333", "01819010001",
            "02859110021", "03879210061", "05899410051", "55507608360");
    private static final String INVALID = "12345678901";
    private static final String REJECTED = TestIds.valid(1, 2828).get(0);

    /** API status -> the schema of its body. */
    private static final Map<Integer, String> API_BODIES = Map.of(200, "lookup-response.schema.json",
            400, "problem.schema.json", 401, "problem.schema.json", 403, "problem.schema.json",
            503, "problem.schema.json");

    @RegisterExtension
    static final ApiGateway api = ApiGateway.perClass("schemas", 1,
            Map.of("gateway.simulator.faults.reject-ids[0]", REJECTED), properties -> {
                properties.put("gateway.maskinporten.scopes",
                        "krr:global/kontaktinformasjon.read krr:global/digitalpost.read");
                properties.put("gateway.krr.retry-attempts", "2");
                properties.put("gateway.files.read-lock-min-age", "300ms");
                properties.put("gateway.files.read-lock-check-interval", "100ms");
                properties.put("gateway.files.poll-interval", "200ms");
            });

    @Test
    void kafka_everyOutcomeKindAndCompletionRecord_matchTheirSchemas() throws Exception {
        List<String> ids = new ArrayList<>(NAMED);
        ids.add(INVALID);
        ids.add(REJECTED);
        ids.addAll(TestIds.valid(200, 28));
        String named = MAPPER.writeValueAsString(Map.of("requestId", "schemas-named", "personidentifikatorer", ids));
        String org = "{\"requestId\":\"schemas-org\",\"personidentifikatorer\":[\"20914695016\"],"
                + "\"consumerOrg\":\"999999999\"}";
        String single = "{\"personidentifikator\":\"23079421936\"}";
        for (String request : List.of(named, org, single)) {
            assertValid("request.schema.json", MAPPER.readTree(request));
        }
        int expected = ids.size() + 1 + 1 + 1 + 1;
        TestBroker.Topics topics = api.topics();
        try (var collector = new OutcomeCollector(topics.results(), topics.errors(), topics.completed())) {
            RequestProducer producer = new RequestProducer(topics.requests());
            producer.send("schemas-named", ids, "c-1");
            producer.sendRaw(org);
            producer.sendRaw(single);
            producer.sendRaw("20914695016");
            producer.sendRaw("{\"personidentifikatorer\": [");
            List<OutcomeCollector.Outcome> outcomes = collector.awaitUntil(all -> all.stream()
                    .filter(o -> !o.topic().equals(topics.completed())).count() >= expected
                    && all.stream().filter(o -> o.topic().equals(topics.completed())).count() >= 5,
                    Duration.ofSeconds(120));
            Map<String, String> schemaByTopic = Map.of(topics.results(), "result.schema.json",
                    topics.errors(), "error.schema.json", topics.completed(), "completion.schema.json");
            outcomes.forEach(outcome -> assertValid(schemaByTopic.get(outcome.topic()), outcome.value()));
            assertThat(kinds(outcomes.stream().map(OutcomeCollector.Outcome::value).toList())).contains(
                    "notifiable", "RESERVED", "NOT_ACTIVE", "NOT_REGISTERED", "NO_CONTACT_INFO", "MOBILE_EXPIRED",
                    "language", "digitalPost", "certificate", "krrVarslingsstatus", "correlationId",
                    "INVALID_ID", "MALFORMED_REQUEST", "CONSUMER_ORG_REFUSED", "KRR_REJECTED");
        }
    }

    @Test
    void fileDrop_jsonLinesSummaryAndRefusedFile_matchTheirSchemas() throws Exception {
        Path inbox = Path.of(api.context().getEnvironment().getProperty("gateway.files.inbox"));
        Path outbox = Path.of(api.context().getEnvironment().getProperty("gateway.files.outbox"));
        Path error = Path.of(api.context().getEnvironment().getProperty("gateway.files.error"));
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("schemas.txt.part"), String.join("\n", NAMED) + "\n" + INVALID + "\n");
        Files.move(inbox.resolve("schemas.txt.part"), inbox.resolve("schemas.txt"));
        Files.writeString(inbox.resolve("broken.json.part"), "{\"personidentifikatorer\": [");
        Files.move(inbox.resolve("broken.json.part"), inbox.resolve("broken.json"));

        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(outbox.resolve("schemas.summary.json"))
                && Files.exists(error.resolve("broken.error.json")));

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(outbox.resolve("schemas.results.jsonl"))) {
            JsonNode json = MAPPER.readTree(line);
            lines.add(json);
            assertValid(json.has("error") ? "error.schema.json" : "result.schema.json", json);
        }
        assertThat(lines).hasSize(NAMED.size() + 1);
        assertThat(kinds(lines)).contains("notifiable", "RESERVED", "INVALID_ID");
        assertValid("file-summary.schema.json", MAPPER.readTree(outbox.resolve("schemas.summary.json").toFile()));
        assertValid("file-error.schema.json", MAPPER.readTree(error.resolve("broken.error.json").toFile()));
    }

    @Test
    void api_eachStatus_bodyMatchesItsSchema() throws Exception {
        String body = MAPPER.writeValueAsString(Map.of("requestId", "schemas-api",
                "personidentifikatorer", List.of("20914695016", "23079421936", INVALID, REJECTED)));
        assertValid("request.schema.json", MAPPER.readTree(body));
        Map<Integer, HttpResponse<String>> answers = new HashMap<>();
        answers.put(200, api.post(body, api.token(), null));
        answers.put(400, api.post("{\"personidentifikatorer\": 7}", api.token(), null));
        answers.put(401, api.post(body, null, null));
        answers.put(403, api.post(body, api.issuer().token("other-scope"), null));
        api.simulator().faults("{\"outageFor\":\"60s\",\"krrStatus\":503}");
        try {
            answers.put(503, api.post(body, api.token(), null));
        } finally {
            api.simulator().faults("{\"rejectIds\":[\"" + REJECTED + "\"]}");
        }
        assertThat(answers.keySet()).isEqualTo(API_BODIES.keySet());
        for (var answer : answers.entrySet()) {
            assertThat(answer.getValue().statusCode()).as(answer.getValue().body()).isEqualTo(answer.getKey());
            assertValid(API_BODIES.get(answer.getKey()), MAPPER.readTree(answer.getValue().body()));
        }
    }

    /** The kinds of output seen: notifiable results, reasons, typed parts, error codes. */
    private static Set<String> kinds(List<JsonNode> outputs) {
        Set<String> kinds = new TreeSet<>();
        for (JsonNode json : outputs) {
            if (json.path("notifiable").asBoolean(false) && !json.has("ids")) {
                kinds.add("notifiable");
            }
            json.path("reasons").forEach(reason -> kinds.add(reason.asText()));
            for (String part : List.of("language", "digitalPost", "certificate", "krrVarslingsstatus",
                    "correlationId")) {
                if (json.hasNonNull(part) && !json.has("ids")) {
                    kinds.add(part);
                }
            }
            if (json.has("error")) {
                kinds.add(json.path("error").path("code").asText());
            }
        }
        return kinds;
    }

    private static void assertValid(String schema, JsonNode json) {
        assertThat(JsonSchemas.problems(schema, json)).as(schema + " for " + json).isEmpty();
    }
}
