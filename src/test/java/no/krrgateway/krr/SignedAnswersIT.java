// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSObject;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import no.krrgateway.support.TestKeys;
import no.krrgateway.support.GatewayProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Signed KRR answers end to end (issue 29): the simulator signs, the gateway verifies every answer, refuses a bad one
 * (nothing published, intake held back, health krr DOWN, API 503, the failure counted) and answers every held request
 * once answers verify again; each verified answer kept as evidence and referenced by its outcomes on Kafka, in result
 * files and in the API's answer.
 */
class SignedAnswersIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static SimulatorServer simulator;
    private static ConfigurableApplicationContext gateway;
    private static TestBroker.Topics topics;
    private static Path files;

    @BeforeAll
    static void start() {
        simulator = SimulatorServer.start(Map.of());
        topics = TestBroker.createTopics("signed", 2);
        files = TestKeys.newFolder();
        Map<String, Object> properties = simulator.gatewayProperties(topics, "signed");
        properties.putAll(simulator.signedAnswers(true));
        properties.put("gateway.api.enabled", "true");
        properties.put("gateway.api.auth", "none");
        properties.put("gateway.hold-back.initial-delay", "1s");
        properties.put("gateway.hold-back.max-delay", "2s");
        properties.put("gateway.files.inbox", files.resolve("inbox").toString());
        properties.put("gateway.files.outbox", files.resolve("outbox").toString());
        properties.put("gateway.files.error", files.resolve("error").toString());
        properties.put("gateway.files.poll-interval", "100ms");
        properties.put("gateway.files.read-lock-check-interval", "100ms");
        properties.put("gateway.files.read-lock-min-age", "300ms");
        properties.put("gateway.files.read-lock-timeout", "3s");
        gateway = GatewayProcess.start(properties);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        simulator.close();
    }

    @Test
    void aSignedAnswer_verifiedUsedAndKept_evidencePublishedBeforeTheOutcomesThatPointAtIt() throws Exception {
        List<String> ids = TestIds.valid(30, 2901);
        try (var outcomes = new OutcomeCollector(topics.results(), topics.errors());
             var evidence = new OutcomeCollector(topics.evidence())) {
            new RequestProducer(topics.requests()).send("kept", ids, null);
            var answered = outcomes.awaitUntil(seen -> forRequest(seen, "kept").size() >= ids.size(), WAIT);
            var kept = evidence.awaitAtLeast(1, WAIT);

            Map<String, OutcomeCollector.Outcome> evidenceById = kept.stream()
                    .collect(Collectors.toMap(OutcomeCollector.Outcome::key, e -> e, (a, b) -> a));
            for (var outcome : forRequest(answered, "kept")) {
                assertThat(outcome.topic()).isEqualTo(topics.results());
                String evidenceId = outcome.value().path("evidenceId").asText();
                assertThat(evidenceById).as("the evidence an outcome points at").containsKey(evidenceId);
                var record = evidenceById.get(evidenceId);
                assertThat(record.timestamp()).as("evidence sent first").isLessThanOrEqualTo(outcome.timestamp());
                String jws = record.value().path("jws").asText();
                assertThat(record.value().path("evidenceId").asText()).isEqualTo(evidenceId)
                        .isEqualTo(Evidence.sha256Hex(jws.getBytes(StandardCharsets.US_ASCII)));
                assertThat(record.value().path("receivedAt").asText()).isNotBlank();
                assertThat(JWSObject.parse(jws).getPayload().toString())
                        .contains(outcome.value().path("personidentifikator").asText());
            }
        }
    }

    @Test
    void eachBadSignature_refusedAndNothingPublished_everyRequestAnsweredOnceCleared() throws Exception {
        HealthIndicator krr = gateway.getBean("krrHealthIndicator", HealthIndicator.class);
        MeterRegistry meters = gateway.getBean(MeterRegistry.class);
        try (var outcomes = new OutcomeCollector(topics.results(), topics.errors());
             var evidence = new OutcomeCollector(topics.evidence())) {
            for (String fault : List.of("TAMPERED", "WRONG_ORG", "EXPIRED", "UNKNOWN_CA")) {
                String requestId = "fault-" + fault;
                List<String> ids = TestIds.valid(5, 2900 + fault.length() * 7);
                double failuresBefore = failures(meters);
                simulator.signingFault(fault);
                try {
                    new RequestProducer(topics.requests()).send(requestId, ids, null);
                    await(fault + ": health krr DOWN with KRR_SIGNATURE_INVALID").atMost(WAIT).until(() -> {
                        var health = krr.health();
                        return "DOWN".equals(health.getStatus().getCode())
                                && "KRR_SIGNATURE_INVALID".equals(health.getDetails().get("code"));
                    });
                    assertThat((String) krr.health().getDetails().get("reason")).contains("signed answer was refused");
                    await(fault + ": counted").atMost(WAIT).until(() -> failures(meters) > failuresBefore);
                    HttpResponse<String> api = api(List.of(ids.get(0)));
                    assertThat(api.statusCode()).as(fault + ": the API").isEqualTo(503);
                    assertThat(api.body()).doesNotContain(ids.get(0));
                    var seen = outcomes.drain(Duration.ofSeconds(2));
                    assertThat(forRequest(seen, requestId)).as(fault + ": nothing published").isEmpty();
                    assertThat(evidence.drain(Duration.ofMillis(500)).stream()
                            .filter(e -> e.value().path("jws").asText().contains(fault)))
                            .isEmpty();
                } finally {
                    simulator.signingFault("NONE");
                }
                var answered = outcomes.awaitUntil(seen -> forRequest(seen, requestId).size() >= ids.size(), WAIT);
                assertThat(forRequest(answered, requestId).stream()
                        .map(o -> o.value().path("personidentifikator").asText()).collect(Collectors.toSet()))
                        .as(fault + ": every held request answered once answers verify again")
                        .containsExactlyInAnyOrderElementsOf(ids);
                await(fault + ": health krr UP").atMost(WAIT)
                        .until(() -> "UP".equals(krr.health().getStatus().getCode()));
            }
        }
    }

    @Test
    void evidenceForTheApiAndForFiles() throws Exception {
        List<String> ids = TestIds.valid(4, 2977);
        try (var evidence = new OutcomeCollector(topics.evidence())) {
            HttpResponse<String> response = api(ids);
            assertThat(response.statusCode()).isEqualTo(200);
            Set<String> referenced = new HashSet<>();
            for (JsonNode outcome : MAPPER.readTree(response.body()).path("outcomes")) {
                referenced.add(outcome.path("evidenceId").asText());
            }
            assertThat(referenced).hasSize(1).doesNotContain("");
            // published and acknowledged before the answer: already there
            assertThat(evidence.awaitUntil(seen -> seen.stream().anyMatch(e -> referenced.contains(e.key())), WAIT)
                    .stream().map(OutcomeCollector.Outcome::key)).containsAll(referenced);
        }

        List<String> fileIds = TestIds.valid(12, 2988);
        Path inbox = files.resolve("inbox");
        Files.createDirectories(inbox);
        Path staged = Files.writeString(files.resolve("ids.txt.tmp"), String.join("\n", fileIds) + "\n");
        Files.move(staged, inbox.resolve("ids.txt"), StandardCopyOption.ATOMIC_MOVE);
        Path outbox = files.resolve("outbox");
        await("the file's summary").atMost(WAIT).until(() -> Files.exists(outbox.resolve("ids.summary.json")));
        List<String> evidenceLines = Files.readAllLines(outbox.resolve("ids.evidence.jsonl"));
        Set<String> evidenceIds = new HashSet<>();
        for (String line : evidenceLines) {
            JsonNode record = MAPPER.readTree(line);
            assertThat(record.path("evidenceId").asText()).isEqualTo(
                    Evidence.sha256Hex(record.path("jws").asText().getBytes(StandardCharsets.US_ASCII)));
            evidenceIds.add(record.path("evidenceId").asText());
        }
        assertThat(evidenceIds).hasSameSizeAs(evidenceLines).isNotEmpty();
        List<String> results = Files.readAllLines(outbox.resolve("ids.results.jsonl"));
        assertThat(results).hasSize(fileIds.size()).allSatisfy(line ->
                assertThat(evidenceIds).contains(MAPPER.readTree(line).path("evidenceId").asText()));
        List<String> csv = Files.readAllLines(outbox.resolve("ids.results.csv"));
        assertThat(csv.get(0)).endsWith(",evidence_id");
        assertThat(csv.subList(1, csv.size())).hasSize(fileIds.size())
                .allSatisfy(row -> assertThat(evidenceIds).contains(row.substring(row.lastIndexOf(',') + 1)));
    }

    private static double failures(MeterRegistry meters) {
        var counter = meters.find("gateway.krr.signature.failures").counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<OutcomeCollector.Outcome> forRequest(List<OutcomeCollector.Outcome> outcomes, String id) {
        List<OutcomeCollector.Outcome> mine = new ArrayList<>();
        for (var outcome : outcomes) {
            if (id.equals(outcome.value().path("requestId").asText())) {
                mine.add(outcome);
            }
        }
        return mine;
    }

    private static HttpResponse<String> api(List<String> ids) throws Exception {
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        String body = MAPPER.writeValueAsString(Map.of("personidentifikatorer", ids));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/lookups"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
