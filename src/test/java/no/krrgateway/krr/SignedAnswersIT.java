// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
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
import no.krrgateway.support.FileGatewaySettings;
import no.krrgateway.support.JsonSchemas;
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
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
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
        // the file fixture's folders and quick polls, with every route and the test broker
        Map<String, Object> fileSettings = new java.util.HashMap<>(FileGatewaySettings.folders(files));
        fileSettings.remove("camel.main.routes-include-pattern");
        fileSettings.remove("camel.component.kafka.brokers");
        properties.putAll(fileSettings);
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
                assertThat(JsonSchemas.problems("evidence.schema.json", record.value())).isEmpty();
                assertThat(JWSObject.parse(jws).getPayload().toString())
                        .contains(outcome.value().path("personidentifikator").asText());
            }
        }
    }

    /**
     * Camel's bean calls logged at TRACE print each call's arguments and result, outcomes among them: a kept answer's
     * JWS (the persons' ids and addresses in base64url, past the log's masking) must not come with them.
     */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void beanCallsLoggedAtTrace_noSignedAnswerInTheLog(CapturedOutput logs) throws Exception {
        Logger beans = (Logger) LoggerFactory.getLogger("org.apache.camel.component.bean");
        List<String> ids = TestIds.valid(3, 2966);
        try (var outcomes = new OutcomeCollector(topics.results(), topics.errors());
             var evidence = new OutcomeCollector(topics.evidence())) {
            beans.setLevel(Level.TRACE);
            new RequestProducer(topics.requests()).send("traced", ids, null);
            String evidenceId = forRequest(outcomes.awaitUntil(seen -> forRequest(seen, "traced").size() >= ids.size(),
                    WAIT), "traced").get(0).value().path("evidenceId").asText();
            String[] jws = evidence.awaitUntil(seen -> seen.stream().anyMatch(e -> evidenceId.equals(e.key())), WAIT)
                    .stream().filter(e -> evidenceId.equals(e.key())).findFirst().orElseThrow().value().path("jws")
                    .asText().split("\\.");
            assertThat(logs.getAll()).as("Camel's bean calls logged").contains(">>>> invoking")
                    .doesNotContain(jws[1].substring(0, 40)).doesNotContain(jws[2]);
        } finally {
            beans.setLevel(null);
        }
    }

    @Test
    void eachBadSignature_refusedAndNothingPublished_everyRequestAnsweredOnceCleared() throws Exception {
        HealthIndicator krr = gateway.getBean("krrHealthIndicator", HealthIndicator.class);
        MeterRegistry meters = gateway.getBean(MeterRegistry.class);
        try (var outcomes = new OutcomeCollector(topics.results(), topics.errors());
             var evidence = new OutcomeCollector(topics.evidence())) {
            for (String fault : List.of("TAMPERED", "WRONG_ORG", "EXPIRED", "UNKNOWN_CA", "NOT_FOR_SIGNING")) {
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
            assertThat(meters.find("gateway.krr.trust.anchor.days.left").gauge().value())
                    .as("the simulator's test CA runs for ten years").isGreaterThan(3000);
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
            assertThat(JsonSchemas.problems("evidence.schema.json", record)).isEmpty();
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

    /**
     * Exactly-once: the evidence records are written in the batch's transaction. A transaction leaves a commit marker
     * after its records in each partition it wrote, so the evidence partitions' end offsets run past the records a
     * read_committed reader sees; a plain (idempotent) send leaves none.
     */
    @Test
    void exactlyOnce_evidenceInTheBatchsTransaction() throws Exception {
        var eos = TestBroker.createTopics("signed-eos", 1);
        Map<String, Object> properties = simulator.gatewayProperties(eos, "signed-eos");
        properties.putAll(simulator.signedAnswers(true));
        properties.put("gateway.kafka.delivery", "exactly-once");
        List<String> ids = TestIds.valid(20, 2955);
        try (var eosGateway = GatewayProcess.start(properties);
             var outcomes = new OutcomeCollector(eos.results(), eos.errors());
             var evidence = new OutcomeCollector(eos.evidence())) {
            new RequestProducer(eos.requests()).send("eos", ids, null);
            var answered = outcomes.awaitUntil(seen -> seen.size() >= ids.size(), WAIT);
            var kept = evidence.awaitAtLeast(1, WAIT);
            Set<String> keys = kept.stream().map(OutcomeCollector.Outcome::key).collect(Collectors.toSet());
            assertThat(answered).hasSize(ids.size())
                    .allSatisfy(o -> assertThat(keys).contains(o.value().path("evidenceId").asText()));

            long endOffsets;
            var config = new java.util.Properties();
            config.put("bootstrap.servers", TestBroker.bootstrapServers());
            try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(config,
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
                var partitions = consumer.partitionsFor(eos.evidence()).stream()
                        .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
                endOffsets = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
            }
            assertThat(endOffsets).as("evidence records followed by transaction markers")
                    .isGreaterThan(kept.size());
        }
    }

    /** docs/evidence.md's two procedures (docs/evidence/), run as an auditor would, outside the gateway. */
    @Test
    void documentedProcedures_verifyAKeptRecord_andRefuseATamperedOne() throws Exception {
        String person = "20914695016";
        HttpResponse<String> response = api(List.of(person));
        assertThat(response.statusCode()).isEqualTo(200);
        String evidenceId = MAPPER.readTree(response.body()).path("outcomes").get(0).path("evidenceId").asText();
        String record;
        try (var evidence = new OutcomeCollector(topics.evidence())) {
            record = evidence.awaitUntil(seen -> seen.stream().anyMatch(e -> evidenceId.equals(e.key())), WAIT)
                    .stream().filter(e -> evidenceId.equals(e.key())).findFirst().orElseThrow().value().toString();
        }
        String jdkProcedure = Files.readString(Path.of("docs/evidence/Verify.java"));
        String shell = Files.readString(Path.of("docs/evidence/verify.sh"));
        Path folder = TestKeys.newFolder();
        Files.writeString(folder.resolve("Verify.java"), jdkProcedure);
        Files.writeString(folder.resolve("verify.sh"), shell);
        Files.copy(simulator.signingCa(), folder.resolve("krr-ca.pem"));
        boolean openssl = onPath("openssl") && onPath("jq");

        Files.writeString(folder.resolve("evidence.json"), record);
        assertThat(runJava(folder, person)).as("the JDK procedure").startsWith("0:OK " + evidenceId);
        if (openssl) {
            assertThat(runShell(folder, person)).as("the openssl procedure").startsWith("0:")
                    .contains("signer.pem: OK").contains("Verified OK").contains("\"personidentifikator\": \"" + person);
        }

        // the payload changed after signing, the id made to match: the signature must give it away
        JsonNode parsed = MAPPER.readTree(record);
        String[] parts = parsed.path("jws").asText().split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String changed = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replaceFirst("\"personidentifikator\"", "\"tampered\":1,\"personidentifikator\"")
                        .getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        Files.writeString(folder.resolve("evidence.json"), MAPPER.writeValueAsString(Map.of(
                "evidenceId", Evidence.sha256Hex(changed.getBytes(StandardCharsets.US_ASCII)),
                "receivedAt", parsed.path("receivedAt").asText(), "jws", changed)));
        assertThat(runJava(folder, person)).as("JDK, tampered").startsWith("1:").contains("signature does not match");
        if (openssl) {
            assertThat(runShell(folder, person)).as("openssl, tampered").doesNotStartWith("0:")
                    .contains("Verification failure");
        }

        // the genuine record against a CA that did not issue the signer
        Files.writeString(folder.resolve("evidence.json"), record);
        var otherKrr = new no.krrgateway.simulator.KrrAnswerSigner(new no.krrgateway.simulator
                .SimulatorSigningProperties(null, "991825827", no.krrgateway.simulator.KrrAnswerSigner.Fault.NONE),
                java.time.Clock.systemUTC());
        Files.writeString(folder.resolve("krr-ca.pem"), otherKrr.caPem());
        assertThat(runJava(folder, person)).as("JDK, other CA").doesNotStartWith("0:");
        if (openssl) {
            assertThat(runShell(folder, person)).as("openssl, other CA").doesNotStartWith("0:");
        }

        // a genuine answer from that CA's KRR with spaces between its JSON tokens: the person is found all the same
        byte[] spaced = otherKrr.sign(("{\"personer\": [ {\"personidentifikator\" : \"" + person + "\"} ]}")
                .getBytes(StandardCharsets.UTF_8));
        Files.write(folder.resolve("evidence.json"), new no.krrgateway.outcome.OutcomeJson(MAPPER)
                .toBytes(new Evidence(Evidence.sha256Hex(spaced), java.time.Instant.now(),
                        new String(spaced, StandardCharsets.US_ASCII))));
        assertThat(runJava(folder, person)).as("JDK, spaced JSON").startsWith("0:OK");
        if (openssl) {
            assertThat(runShell(folder, person)).as("openssl, spaced JSON").startsWith("0:").contains(person);
        }

        // signed by that CA's certificate whose key usage is keyEncipherment only (RFC 5280 §4.2.1.3)
        otherKrr.fault(no.krrgateway.simulator.KrrAnswerSigner.Fault.NOT_FOR_SIGNING);
        byte[] notForSigning = otherKrr.sign(("{\"personer\":[{\"personidentifikator\":\"" + person + "\"}]}")
                .getBytes(StandardCharsets.UTF_8));
        Files.write(folder.resolve("evidence.json"), new no.krrgateway.outcome.OutcomeJson(MAPPER)
                .toBytes(new Evidence(Evidence.sha256Hex(notForSigning), java.time.Instant.now(),
                        new String(notForSigning, StandardCharsets.US_ASCII))));
        assertThat(runJava(folder, person)).as("JDK, key usage").startsWith("1:").contains("key usage");
        if (openssl) {
            assertThat(runShell(folder, person)).as("openssl, key usage").doesNotStartWith("0:")
                    .contains("key usage");
        }
        System.out.println("evidence: record " + evidenceId + " verified by docs/evidence.md's JDK procedure"
                + (openssl ? " and its openssl procedure" : " (openssl or jq not on the PATH: that procedure skipped)"));
    }

    private static boolean onPath(String tool) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    private static String runJava(Path folder, String person) throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        return run(folder, javaBin, "Verify.java", "evidence.json", "krr-ca.pem", "991825827", person);
    }

    private static String runShell(Path folder, String person) throws Exception {
        return run(folder, "bash", "-c", "PERSON=" + person + " bash verify.sh");
    }

    /** "exit:output" of a command run in {@code folder}. */
    private static String run(Path folder, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + ":" + output;
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
