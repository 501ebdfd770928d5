// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import no.krrgateway.simulator.TestPersons;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.OutcomeCollector.Outcome;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The main job end to end: request records on a real broker, the simulator over real HTTP, outcomes on topics. */
@ExtendWith(OutputCaptureExtension.class)
class LookupSpineIT {
    @RegisterExtension
    static final SimulatorServer simulator = SimulatorServer.perClass(Map.of());

    @Test
    void lookup_2500IdsOverManyRecords_exactlyOneOutcomePerIdWithTheRightVerdicts(CapturedOutput logs)
            throws Exception {
        var topics = TestBroker.createTopics("spine", 6);
        simulator.resetStats();
        RequestProducer requests = new RequestProducer(topics.requests());
        // 12 named persons, 2,300 unique ids, 150 repeats of them, 38 invalid ids: 2,500 ids; and one malformed record.
        requests.send("named", java.util.Arrays.stream(TestPersons.values()).map(TestPersons::id).toList(),
                "corr-named");
        List<String> unique = TestIds.valid(2300, 1);
        Random random = new Random(2);
        List<String> all = new ArrayList<>(unique);
        for (int i = 0; i < 150; i++) {
            all.add(unique.get(random.nextInt(unique.size())));
        }
        all.addAll(TestIds.invalid(38, 3));
        java.util.Collections.shuffle(all, random);
        requests.sendInMixedForms(all, random);
        requests.sendRaw("{\"personidentifikatorer\": [\"20914695016\"");

        Map<String, Object> properties = simulator.gatewayProperties(topics, "spine");
        // Logs at DEBUG must still carry no person id and no token.
        properties.put("logging.level.no.krrgateway", "DEBUG");
        properties.put("logging.level.org.apache.camel", "DEBUG");
        try (var gateway = GatewayProcess.start(properties);
             var collector = new OutcomeCollector(topics.results(), topics.errors());
             var notifiableCollector = new OutcomeCollector(topics.notifiable())) {
            long started = System.nanoTime();
            List<Outcome> outcomes = collector.awaitAtLeast(2501, Duration.ofSeconds(120));
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("spine: 2,500 ids answered in %.2f s = %.0f ids/s%n", seconds, 2500 / seconds);
            outcomes = collector.drain(Duration.ofSeconds(2));

            assertThat(OutcomeCollector.countByRequestAndId(outcomes.stream().filter(o -> o.value().has("personidentifikator"))
                    .toList()).equals(requests.expected()))
                    .as("exactly one outcome per requested id").isTrue();
            List<Outcome> malformed = outcomes.stream().filter(o -> !o.value().has("personidentifikator")).toList();
            assertThat(malformed).singleElement().satisfies(o -> {
                assertThat(o.value().at("/error/code").asText()).isEqualTo("MALFORMED_REQUEST");
                assertThat(o.value().get("payload").asText()).isEqualTo("{\"personidentifikatorer\": [\"20914695016\"");
            });
            assertThat(outcomes.stream().filter(o -> "INVALID_ID".equals(o.value().at("/error/code").asText())))
                    .hasSize(38).allSatisfy(o -> assertThat(o.topic()).isEqualTo(topics.errors()));
            assertNamedVerdicts(outcomes);

            var expectedNotifiable = OutcomeCollector.countByRequestAndId(outcomes.stream()
                    .filter(o -> o.value().path("notifiable").asBoolean()).toList());
            notifiableCollector.awaitAtLeast(expectedNotifiable.size(), Duration.ofSeconds(30));
            var notifiable = notifiableCollector.drain(Duration.ofSeconds(1));
            assertThat(OutcomeCollector.countByRequestAndId(notifiable).equals(expectedNotifiable))
                    .as("the notifiable topic holds exactly the notifiable results").isTrue();

            JsonNode stats = simulator.stats();
            assertThat(stats.get("largestBatch").asLong()).isLessThanOrEqualTo(1000);
            assertThat(stats.get("krrCalls").asLong()).isGreaterThanOrEqualTo(3);
            assertThat(stats.get("tokensIssued").asLong()).isEqualTo(1);
            int port = no.krrgateway.support.Actuator.port(gateway);
            // The two consumer threads may still be settling their cooperative rebalance: wait for it.
            Awaitility.await("request partitions owned by the only instance").atMost(Duration.ofSeconds(20))
                    .until(() -> new ObjectMapper().readTree(get("http://localhost:" + port + "/actuator/health"))
                            .at("/components/intakePartitions/details/count").asInt(), count -> count == 6);
            assertThat(get("http://localhost:" + port + "/actuator/prometheus"))
                    .contains("gateway_kafka_rebalances_total{event=\"assigned\"}")
                    .contains("gateway_token_requests_total{outcome=\"success\"} 1.0");
            System.out.printf("spine: %d KRR calls, largest %d ids, %d token request(s)%n",
                    stats.get("krrCalls").asLong(), stats.get("largestBatch").asLong(),
                    stats.get("tokenRequests").asLong());
        }
        String logged = logs.getAll();
        assertThat(logged).contains("intake-kafka");
        assertThat(requests.expected().keySet().stream().map(key -> key.substring(key.indexOf('/') + 1))
                .filter(id -> id.matches("\\d{11}") && logged.contains(id)).toList())
                .as("person ids in the logs").isEmpty();
        assertThat(logged).as("tokens or grants in the logs").doesNotContain("eyJ").doesNotContain("assertion=");
    }

    private static String get(String url) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(url)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void assertNamedVerdicts(List<Outcome> outcomes) {
        Map<String, JsonNode> named = outcomes.stream().filter(o -> o.value().path("requestId").asText().equals("named"))
                .collect(Collectors.toMap(Outcome::key, Outcome::value));
        assertThat(named).hasSize(TestPersons.values().length);
        assertThat(outcomes.stream().filter(o -> o.value().path("requestId").asText().equals("named")))
                .allSatisfy(o -> {
                    assertThat(o.value().get("correlationId").asText()).isEqualTo("corr-named");
                    assertThat(o.correlationHeader()).isEqualTo("corr-named");
                });
        assertVerdict(named, TestPersons.NOTIFIABLE, true);
        assertVerdict(named, TestPersons.RESERVED, false, "RESERVED", "NO_CONTACT_INFO");
        assertVerdict(named, TestPersons.DELETED, false, "NOT_ACTIVE", "NO_CONTACT_INFO");
        assertVerdict(named, TestPersons.D_NUMBER_EMAIL_ONLY, true);
        assertVerdict(named, TestPersons.NOT_REGISTERED, false, "NOT_REGISTERED");
        assertVerdict(named, TestPersons.EMAIL_FRESH_MOBILE_EXPIRED, true, "MOBILE_EXPIRED");
        assertVerdict(named, TestPersons.BOTH_EXPIRED, false, "NO_CONTACT_INFO");
        assertVerdict(named, TestPersons.MOBILE_ONLY, true);
        assertVerdict(named, TestPersons.NO_CONTACT_INFO, false, "NO_CONTACT_INFO");
        assertVerdict(named, TestPersons.OFFSET_DATES, true);
        assertVerdict(named, TestPersons.VERIFIED_ONLY, true);
        assertVerdict(named, TestPersons.UNKNOWN_FIELD, true);
        assertThat(named.get(TestPersons.UNKNOWN_FIELD.id()).at("/krr/oppdatert").isMissingNode()).isFalse();
        assertThat(named.get(TestPersons.NOT_REGISTERED.id()).at("/krr/status").asText()).isEqualTo("IKKE_REGISTRERT");
        assertThat(named.get(TestPersons.EMAIL_FRESH_MOBILE_EXPIRED.id()).at("/channels/mobile/usable").asBoolean())
                .isFalse();
    }

    private static void assertVerdict(Map<String, JsonNode> named, TestPersons person, boolean notifiable,
                                      String... reasons) {
        JsonNode result = named.get(person.id());
        assertThat(result.get("notifiable").asBoolean()).as(person + " notifiable").isEqualTo(notifiable);
        List<String> actual = new ArrayList<>();
        result.get("reasons").forEach(reason -> actual.add(reason.asText()));
        assertThat(actual).as(person + " reasons").containsExactly(reasons);
    }

}
