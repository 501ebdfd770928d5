// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import no.krrgateway.simulator.TestPersons;
import no.krrgateway.support.Actuator;
import no.krrgateway.support.ApiGateway;
import no.krrgateway.support.JsonSchemas;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.TestIds;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The HTTP lookup API end to end: real HTTP, real JWTs checked against a JWK set served over HTTP, the simulator as
 * KRR and Maskinporten, and a Kafka broker for the comparison with the Kafka channel.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LookupApiIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String LISTED_ORG = "910000001";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final ApiGateway api = ApiGateway.perClass("api", 2, Map.of(), properties -> {
        properties.put("gateway.api.max-ids", "50");
        // Wide enough that the concurrent callers below meet in one window on a loaded machine.
        properties.put("gateway.api.coalesce-window", "300ms");
        properties.put("gateway.tenants." + LISTED_ORG + ".api-clients[0]", "esb-client");
        properties.put("gateway.krr.retry-attempts", "2");
        properties.put("gateway.hold-back.initial-delay", "3s");
    });

    @Test
    @Order(1)
    void noTokenForgedExpiredUnsignedOrNotYetValid_401ProblemWithBearerChallenge() throws Exception {
        String body = "{\"personidentifikatorer\":[\"" + TestPersons.NOTIFIABLE.id() + "\"]}";
        TestTokenIssuer issuer = api.issuer();
        String scope = ApiGateway.SCOPE;
        List<String> tokens = new ArrayList<>(Arrays.asList(null, issuer.forgedToken(scope),
                issuer.expiredToken(scope), "not-a-jwt"));
        tokens.addAll(issuer.hostileTokens(scope)); // alg none, HS256 keyed with the public key, not yet valid
        for (String token : tokens) {
            HttpResponse<String> response = api.post(body, token, null);
            assertThat(response.statusCode()).as("token " + token).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Bearer"));
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(MAPPER.readTree(response.body()).get("status").asInt()).isEqualTo(401);
            assertThat(response.body()).doesNotContain(TestPersons.NOTIFIABLE.id());
        }
        assertThat(api.simulator().stats().get("krrCalls").asLong()).as("nothing looked up").isZero();
    }

    @Test
    @Order(2)
    void tokenWithoutTheScope_403() throws Exception {
        HttpResponse<String> response = api.post("{\"personidentifikatorer\":[\"" + TestPersons.NOTIFIABLE.id()
                + "\"]}", api.issuer().token("krr-gateway:admin other"), null);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(MAPPER.readTree(response.body()).get("type").asText()).endsWith("insufficient-scope");
    }

    @Test
    @Order(3)
    void malformedBodiesAndLimits_400ProblemNamingTheProblemWithoutEchoingIds() throws Exception {
        String id = TestPersons.NOTIFIABLE.id();
        List<String> tooMany = TestIds.valid(51, 41);
        Map<String, String> bodies = Map.of(
                "", "the body is empty",
                "{\"personidentifikatorer\": [\"" + id + "\"", "not JSON",
                "[\"" + id + "\"]", "not a JSON object",
                "{\"personidentifikatorer\": []}", "non-empty array",
                "{\"personidentifikatorer\": [\"" + id + "\", 1]}", "personidentifikatorer[1] is not a string",
                "{\"personidentifikatorer\": " + MAPPER.writeValueAsString(tooMany) + "}", "at most 50",
                "{\"requestId\": \"" + "r".repeat(257) + "\", \"personidentifikatorer\": [\"" + id + "\"]}",
                "gateway.limits.max-request-id-length");
        for (var entry : bodies.entrySet()) {
            HttpResponse<String> response = api.post(entry.getKey(), api.token(), null);
            assertThat(response.statusCode()).as(entry.getValue()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = MAPPER.readTree(response.body());
            assertThat(problem.get("type").asText()).isEqualTo("urn:krr-gateway:problem:invalid-request");
            assertThat(problem.get("status").asInt()).isEqualTo(400);
            assertThat(problem.get("detail").asText()).contains(entry.getValue());
            assertThat(response.body()).doesNotContain(id).doesNotContain(tooMany.get(0));
        }
    }

    @Test
    @Order(4)
    void namedPersons_200WithOutcomesIdenticalToTheKafkaChannels() throws Exception {
        List<String> ids = new ArrayList<>(Arrays.stream(TestPersons.values()).map(TestPersons::id).toList());
        ids.add("12345678901");
        ids.add(TestPersons.NOTIFIABLE.id());
        new RequestProducer(api.topics().requests()).send("named", ids, "corr-named");
        List<OutcomeCollector.Outcome> onKafka;
        try (var collector = new OutcomeCollector(api.topics().results(), api.topics().errors())) {
            onKafka = collector.awaitAtLeast(ids.size(), Duration.ofSeconds(60));
        }

        HttpResponse<String> response = api.post(MAPPER.writeValueAsString(Map.of("requestId", "named",
                "personidentifikatorer", ids)), api.token(), "corr-named");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("correlation-id")).hasValue("corr-named");
        assertThat(response.headers().map()).doesNotContainKey("authorization");
        JsonNode body = MAPPER.readTree(response.body());
        assertThat(body.get("requestId").asText()).isEqualTo("named");
        List<JsonNode> outcomes = new ArrayList<>();
        body.get("outcomes").forEach(outcomes::add);
        assertThat(outcomes).extracting(o -> o.get("personidentifikator").asText()).containsExactlyElementsOf(ids);
        Map<String, JsonNode> kafkaById = new HashMap<>();
        onKafka.forEach(o -> kafkaById.put(o.key(), o.value()));
        for (JsonNode outcome : outcomes) {
            JsonNode expected = kafkaById.get(outcome.get("personidentifikator").asText());
            assertThat(comparable(outcome)).as(outcome.get("personidentifikator").asText())
                    .isEqualTo(comparable(expected));
        }
        assertThat(outcomes.get(ids.size() - 2).at("/error/code").asText()).isEqualTo("INVALID_ID");
    }

    @Test
    @Order(5)
    void consumerOrg_listedGetsItsOwnTokenOthersRefused403() throws Exception {
        String id = TestPersons.NOTIFIABLE.id();
        HttpResponse<String> refused = api.post("{\"consumerOrg\": \"999999999\", \"personidentifikatorer\": [\"" + id
                + "\"]}", api.token(), null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(MAPPER.readTree(refused.body()).get("type").asText()).endsWith("consumer-org-refused");
        assertThat(refused.body()).doesNotContain("999999999").doesNotContain(id);

        long tokensBefore = api.simulator().stats().get("tokensIssued").asLong();
        HttpResponse<String> listed = api.post("{\"consumerOrg\": \"" + LISTED_ORG
                + "\", \"personidentifikatorer\": [\"" + id + "\"]}", api.token(), null);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(listed.body()).at("/outcomes/0/notifiable").asBoolean()).isTrue();
        assertThat(api.simulator().stats().get("tokensIssued").asLong()).as("a token of the listed org's own")
                .isEqualTo(tokensBefore + 1);
    }

    @Test
    @Order(6)
    void concurrentCallers_shareKrrCallsAndEachGetsOnlyItsOwnOutcomes() throws Exception {
        int callers = 40;
        List<String> ids = TestIds.valid(callers, 42);
        String shared = TestPersons.NOTIFIABLE.id();
        api.simulator().resetStats();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        String token = api.token();
        try {
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String body = MAPPER.writeValueAsString(Map.of("requestId", "c-" + i,
                        "personidentifikatorer", List.of(ids.get(i), shared)));
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                        return api.post(body, token, null);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            go.countDown();
            for (int i = 0; i < callers; i++) {
                HttpResponse<String> response = answers.get(i).join();
                assertThat(response.statusCode()).isEqualTo(200);
                JsonNode body = MAPPER.readTree(response.body());
                assertThat(body.get("requestId").asText()).isEqualTo("c-" + i);
                List<String> got = new ArrayList<>();
                String requestId = "c-" + i;
                body.get("outcomes").forEach(o -> {
                    got.add(o.get("personidentifikator").asText());
                    assertThat(o.get("requestId").asText()).isEqualTo(requestId);
                });
                assertThat(got).containsExactly(ids.get(i), shared);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode stats = api.simulator().stats();
        System.out.printf("api coalescing: %d callers, %d KRR calls, %d ids sent to KRR%n", callers,
                stats.get("krrCalls").asLong(), stats.get("krrIdsRequested").asLong());
        assertThat(stats.get("krrCalls").asLong()).as("KRR calls for %d concurrent callers", callers)
                .isLessThanOrEqualTo(callers / 4);
        assertThat(stats.get("krrIdsRequested").asLong()).as("the shared id looked up once per call, not per caller")
                .isEqualTo(callers + stats.get("krrCalls").asLong());
        assertThat(Actuator.get(api.context(), "/actuator/prometheus").body())
                .contains("gateway_api_coalesced_requests_count")
                .contains("gateway_api_requests_total{status=\"200\"}");
    }

    @Test
    @Order(7)
    void krrDown_503WithRetryAfterAndThenHeldBackAtOnce() throws Exception {
        String body = "{\"personidentifikatorer\":[\"" + TestPersons.NOTIFIABLE.id() + "\"]}";
        api.simulator().faults("{\"outageFor\":\"60s\",\"krrStatus\":503}");
        try {
            HttpResponse<String> failing = api.post(body, api.token(), null);
            assertThat(failing.statusCode()).isEqualTo(503);
            assertThat(failing.headers().firstValue("Retry-After")).hasValue("3");
            assertThat(MAPPER.readTree(failing.body()).get("type").asText()).endsWith("lookups-failing");

            long callsBefore = api.simulator().stats().get("krrCalls").asLong();
            Awaitility.await("held back").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> held = api.post(body, api.token(), null);
                assertThat(held.statusCode()).isEqualTo(503);
                assertThat(held.headers().firstValue("Retry-After")).isPresent();
                assertThat(MAPPER.readTree(held.body()).get("type").asText()).endsWith("lookups-held-back");
            });
            assertThat(api.simulator().stats().get("krrCalls").asLong()).as("held back: KRR not asked")
                    .isEqualTo(callsBefore);
        } finally {
            api.simulator().clearFaults();
        }
        Awaitility.await("answers again after the hold").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> api.post(body, api.token(), null).statusCode() == 200);
    }

    @Test
    @Order(8)
    void actuatorAndOpenApi_stayOpen() throws Exception {
        assertThat(Actuator.get(api.context(), "/actuator/health/liveness").status()).isEqualTo(200);
        HttpResponse<String> openapi = HTTP.send(HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/openapi.json"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(openapi.statusCode()).isEqualTo(200);
        JsonNode document = MAPPER.readTree(openapi.body());
        assertThat(document.at("/paths").toString()).contains("/api/v1/lookups");
        assertThat(document.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(document.at("/paths/~1api~1v1~1lookups/post/security/0").has("bearer")).isTrue();
        // where a client generated from it sends its calls: the server the document came from, never 0.0.0.0
        assertThat(document.path("servers").toString()).isEqualTo("[{\"url\":\"/\"}]");
    }

    @Test
    @Order(9)
    void openApiDocument_typesTheRequestTheAnswerAndTheProblemsWithThePublishedSchemas() throws Exception {
        URI documentUri = URI.create(api.url() + "/api/v1/openapi.json");
        JsonNode document = MAPPER.readTree(HTTP.send(HttpRequest.newBuilder(documentUri).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(document.path("openapi").asText()).as("JSON Schema 2020-12 schemas need OpenAPI 3.1")
                .startsWith("3.1");
        JsonNode operation = document.at("/paths/~1api~1v1~1lookups/post");
        String request = "{\"requestId\":\"openapi\",\"personidentifikatorer\":[\"" + TestPersons.NOTIFIABLE.id()
                + "\"]}";
        assertThat(JsonSchemas.problems(document, documentUri,
                operation.at("/requestBody/content/application~1json/schema/$ref").asText(), MAPPER.readTree(request)))
                .isEmpty();
        // a real answer of each status the document names, against the schema it names for that status
        Map<Integer, HttpResponse<String>> answers = Map.of(
                200, api.post(request, api.token(), null),
                400, api.post("not JSON", api.token(), null),
                401, api.post(request, null, null),
                403, api.post(request, api.issuer().token("krr-gateway:admin"), null));
        for (Map.Entry<Integer, HttpResponse<String>> answer : answers.entrySet()) {
            HttpResponse<String> response = answer.getValue();
            assertThat(response.statusCode()).isEqualTo(answer.getKey());
            String mediaType = response.headers().firstValue("Content-Type").orElseThrow().split(";")[0];
            JsonNode content = operation.path("responses").path(String.valueOf(answer.getKey())).path("content");
            assertThat(content.has(mediaType)).as(answer.getKey() + " documented as " + mediaType + ": " + content)
                    .isTrue();
            assertThat(JsonSchemas.problems(document, documentUri, content.path(mediaType).at("/schema/$ref").asText(),
                    MAPPER.readTree(response.body()))).as("status " + answer.getKey()).isEmpty();
        }
        // every problem status the document names is typed as a problem, not only those provoked above
        operation.path("responses").fields().forEachRemaining(response -> {
            if (!response.getKey().startsWith("2")) {
                assertThat(response.getValue().at("/content/application~1problem+json/schema/$ref").asText())
                        .as(response.getKey()).isEqualTo("#/components/schemas/problem");
            }
        });
    }

    /**
     * Error bodies no gateway code writes (Spring's, on both ports: a path not served, a method or a media type not
     * taken) echo nothing of the request: not a person id or an e-mail address in its path.
     */
    @Test
    @Order(10)
    void pathMethodOrMediaTypeNotServed_errorBodiesEchoNoneOfTheRequest() throws Exception {
        String id = TestPersons.NOTIFIABLE.id();
        String lookups = api.url() + "/api/v1/lookups";
        String management = "http://127.0.0.1:" + Actuator.port(api.context());
        List<HttpRequest> requests = List.of(
                HttpRequest.newBuilder(URI.create(api.url() + "/" + id)).build(),
                HttpRequest.newBuilder(URI.create(api.url() + "/ola.nordmann@example.no")).build(),
                HttpRequest.newBuilder(URI.create(lookups + "/" + id)).header("Authorization", "Bearer " + api.token())
                        .build(),
                HttpRequest.newBuilder(URI.create(lookups)).header("Authorization", "Bearer " + api.token()).build(),
                HttpRequest.newBuilder(URI.create(lookups)).header("Authorization", "Bearer " + api.token())
                        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(id)).build(),
                HttpRequest.newBuilder(URI.create(management + "/actuator/" + id)).build(),
                HttpRequest.newBuilder(URI.create(management + "/" + id)).build());
        for (HttpRequest request : requests) {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(request.toString()).isBetween(400, 499);
            assertThat(response.body()).as(request.toString()).doesNotContain(id).doesNotContain("nordmann");
        }
    }

    /** Ids typed wrong are personal data still: answered as INVALID_ID or refused, and logged nowhere. */
    @Test
    @Order(10)
    void mistypedIds_answeredAndRefusedWithoutReachingTheLog(CapturedOutput logs) throws Exception {
        List<String> mistyped = List.of("2091469501", "209146950160", "209146 95016", "209146-95016");
        String ids = MAPPER.writeValueAsString(mistyped);
        int before = logs.getAll().length();
        HttpResponse<String> answered = api.post("{\"personidentifikatorer\": " + ids + "}", api.token(), null);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(answered.body()).get("outcomes")).hasSize(4)
                .allSatisfy(outcome -> assertThat(outcome.at("/error/code").asText()).isEqualTo("INVALID_ID"));
        assertThat(api.post("{\"consumerOrg\": \"2091469502\", \"personidentifikatorer\": " + ids + "}",
                api.token(), null).statusCode()).isEqualTo(403);
        assertThat(api.post("{\"personidentifikatorer\": " + ids + ", \"requestId\": 1}", api.token(), null)
                .statusCode()).isEqualTo(400);
        String logged = logs.getAll().substring(before);
        assertThat(logged).contains("named consumerOrg");
        for (String id : mistyped) {
            assertThat(logged).doesNotContain(id).doesNotContain(id.replaceAll("\\D", ""));
        }
        assertThat(logged).doesNotContain("2091469502");
    }

    /**
     * A method or media type the API does not take: a problem body like every other answer, echoing nothing. These,
     * and Spring Security's 401 and 403, are counted in gateway_api_requests_total as every answer (none was).
     */
    @Test
    @Order(10)
    void methodOrMediaTypeNotTaken_problemBodiesWithoutPathOrMethod() throws Exception {
        String lookups = api.url() + "/api/v1/lookups";
        String body = "{\"personidentifikatorer\":[\"" + TestPersons.NOTIFIABLE.id() + "\"]}";
        var token = HttpRequest.newBuilder(URI.create(lookups)).header("Authorization", "Bearer " + api.token());
        Map<String, Double> before = answered();
        Map<Integer, HttpRequest> requests = Map.of(
                405, token.copy().GET().build(),
                415, token.copy().header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
        for (var expected : requests.entrySet()) {
            HttpResponse<String> response = HTTP.send(expected.getValue(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(expected.getKey());
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = MAPPER.readTree(response.body());
            assertThat(problem.get("status").asInt()).as(response.body()).isEqualTo(expected.getKey());
            assertThat(problem.get("type").asText()).startsWith("urn:krr-gateway:problem:");
            assertThat(response.body()).doesNotContain("/api").doesNotContain("lookups").doesNotContain("GET")
                    .doesNotContain("POST").doesNotContain("text/plain").doesNotContain("timestamp");
        }
        // and the answers of Spring Security, before the route: no token, a token without the scope
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(lookups)).POST(HttpRequest.BodyPublishers
                .ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(api.post(body, api.issuer().token("krr-gateway:admin"), null).statusCode()).isEqualTo(403);
        Map<String, Double> after = answered();
        for (String status : List.of("401", "403", "405", "415")) {
            assertThat(after.getOrDefault(status, 0.0) - before.getOrDefault(status, 0.0)).as("answered " + status)
                    .isEqualTo(1.0);
        }
    }

    /** gateway_api_requests_total by status, as scraped. */
    private static Map<String, Double> answered() {
        Map<String, Double> counts = new HashMap<>();
        Actuator.get(api.context(), "/actuator/prometheus").body().lines()
                .filter(line -> line.startsWith("gateway_api_requests_total{status=\""))
                .forEach(line -> counts.put(line.replaceAll(".*status=\"(\\d+)\".*", "$1"),
                        Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))));
        return counts;
    }

    /** An outcome without what differs by nature between two lookups: when it was evaluated. */
    private static JsonNode comparable(JsonNode outcome) {
        ObjectNode copy = outcome.deepCopy();
        copy.remove("evaluatedAt");
        if (copy.has("source")) {
            copy.remove("source");
        }
        return copy;
    }

}
