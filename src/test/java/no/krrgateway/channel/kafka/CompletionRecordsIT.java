// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.OutcomeCollector.Outcome;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import no.krrgateway.support.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: one completion record per Kafka request, whose counts equal the outcomes actually written for it
 * (read with read_committed), for requests of 1, 1,000 and 25,000 ids, a request with invalid and garbage ids, and a
 * record that is no request; in both delivery modes (no crash here, so exactly one in at-least-once too).
 */
class CompletionRecordsIT {

    @TempDir
    static Path keys;
    private static Path clientKey;
    private static SimulatorServer simulator;

    @BeforeAll
    static void startSimulator() {
        clientKey = TestKeys.writeJwk(keys, "completion");
        simulator = SimulatorServer.start(clientKey, Map.of());
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"exactly-once", "at-least-once"})
    void everyRequest_oneCompletionRecord_withTheCountsOfItsOutcomes(String delivery) throws Exception {
        var topics = TestBroker.createTopics("completion-" + delivery, 3);
        RequestProducer requests = new RequestProducer(topics.requests());
        requests.send("one", TestIds.valid(1, 181), "corr-one");
        requests.send("thousand", TestIds.valid(1_000, 182), null);
        requests.send("large", TestIds.valid(25_000, 183), "corr-large");
        List<String> mixed = new ArrayList<>(TestIds.valid(20, 184));
        mixed.addAll(TestIds.invalid(7, 185));
        mixed.addAll(List.of("12345", "abcdefghijk", "", "123456789012"));
        requests.send("mixed", mixed, null);
        requests.sendRaw("{\"requestId\": \"broken\", \"personidentifikatorer\": [");
        int expectedOutcomes = requests.expected().size() + 1;

        Map<String, Object> properties = simulator.gatewayProperties(topics, "completion-" + delivery);
        properties.put("gateway.validation.allow-synthetic", "true");
        properties.put("gateway.kafka.delivery", delivery);
        properties.put("gateway.kafka.instance-id", "completion-it");
        try (var gateway = GatewayProcess.start(properties);
             var outcomeReader = new OutcomeCollector(topics.results(), topics.errors());
             var completionReader = new OutcomeCollector(topics.completed())) {
            List<Outcome> completions = completionReader.awaitAtLeast(5, Duration.ofMinutes(3));
            List<Outcome> outcomes = outcomeReader.awaitAtLeast(expectedOutcomes, Duration.ofMinutes(1));
            completions = completionReader.drain(Duration.ofSeconds(2));
            outcomes = outcomeReader.drain(Duration.ofSeconds(1));

            assertThat(outcomes).as("outcomes, one per id and one for the record that is no request")
                    .hasSize(expectedOutcomes);
            Map<String, List<Outcome>> byRequest = outcomes.stream()
                    .collect(Collectors.groupingBy(o -> o.value().path("requestId").asText()));
            assertThat(completions.stream().map(Outcome::key))
                    .as("one completion record per request, keyed by requestId")
                    .hasSize(5).doesNotHaveDuplicates().contains("one", "thousand", "large", "mixed");
            for (Outcome completion : completions) {
                JsonNode record = completion.value();
                String requestId = record.get("requestId").asText();
                assertThat(completion.key()).isEqualTo(requestId);
                List<Outcome> written = byRequest.get(requestId);
                assertThat(written).as("outcomes of " + requestId).isNotNull();
                assertThat(record.get("ids").asLong()).as(requestId + " ids").isEqualTo(written.size());
                assertThat(record.get("results").asLong()).as(requestId + " results")
                        .isEqualTo(written.stream().filter(o -> !o.value().has("error")).count());
                assertThat(record.get("notifiable").asLong()).as(requestId + " notifiable")
                        .isEqualTo(written.stream().filter(o -> o.value().path("notifiable").asBoolean()).count());
                assertThat(nonZero(record.get("errors"))).as(requestId + " errors").isEqualTo(written.stream()
                        .filter(o -> o.value().has("error"))
                        .collect(Collectors.groupingBy(o -> o.value().at("/error/code").asText(), TreeMap::new,
                                Collectors.counting())));
                assertThat(nonZero(record.get("reasons"))).as(requestId + " reasons").isEqualTo(written.stream()
                        .flatMap(o -> stream(o.value().path("reasons")))
                        .collect(Collectors.groupingBy(r -> r, TreeMap::new, Collectors.counting())));
                assertThat(record.at("/source/channel").asText()).isEqualTo("kafka");
                assertThat(record.at("/source/topic").asText()).isEqualTo(topics.requests());
                assertThat(Instant.parse(record.get("completedAt").asText()))
                        .isAfterOrEqualTo(Instant.parse(record.get("startedAt").asText()));
            }
            Map<String, JsonNode> byId = completions.stream()
                    .collect(Collectors.toMap(Outcome::key, Outcome::value));
            assertThat(byId.get("one").get("ids").asLong()).isEqualTo(1);
            assertThat(byId.get("one").get("correlationId").asText()).isEqualTo("corr-one");
            assertThat(completions.stream().filter(c -> c.key().equals("one")).findFirst().orElseThrow()
                    .correlationHeader()).isEqualTo("corr-one");
            assertThat(byId.get("thousand").get("ids").asLong()).isEqualTo(1_000);
            assertThat(byId.get("large").get("ids").asLong()).isEqualTo(25_000);
            assertThat(byId.get("mixed").get("ids").asLong()).isEqualTo(31);
            assertThat(byId.get("mixed").at("/errors/INVALID_ID").asLong()).isEqualTo(11);
            assertThat(byId.get("mixed").get("results").asLong()).isEqualTo(20);
            JsonNode broken = completions.stream().map(Outcome::value)
                    .filter(v -> !List.of("one", "thousand", "large", "mixed").contains(v.get("requestId").asText()))
                    .findFirst().orElseThrow();
            assertThat(broken.get("ids").asLong()).isEqualTo(1);
            assertThat(broken.at("/errors/MALFORMED_REQUEST").asLong()).isEqualTo(1);
            if (delivery.equals("at-least-once")) {
                // one kafka-clients producer (its network thread is named after its client.id), no camel-kafka
                // producer (whose worker threads are named after their endpoint)
                var threads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList();
                assertThat(threads).as("outcomes and completion records through one producer")
                        .noneMatch(name -> name.contains("KafkaProducer["))
                        .filteredOn(name -> name.endsWith("| " + KafkaRecordSender.CLIENT_ID)).hasSize(1);
            }
            System.out.printf("completion (%s): %d requests, %d outcomes, %d completion records%n", delivery,
                    5, outcomes.size(), completions.size());
        }
    }

    private static Map<String, Long> nonZero(JsonNode counts) {
        Map<String, Long> map = new TreeMap<>();
        counts.fields().forEachRemaining(e -> {
            if (e.getValue().asLong() != 0) {
                map.put(e.getKey(), e.getValue().asLong());
            }
        });
        return map;
    }

    private static java.util.stream.Stream<String> stream(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values.stream();
    }
}
