// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import no.krrgateway.support.TestKeys;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A real gateway: a Kafka record and a dropped file each leave one audit event on logger krr-gateway.audit, with
 * the channel, source, request id, correlation id and counts, and the ids only as keyed hashes.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuditTrailIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SECRET = "audit-it-secret-of-at-least-32-bytes";

    @TempDir
    Path keys;

    @Test
    void lookups_kafkaRecordAndFile_oneAuditEventEachWithoutIds(CapturedOutput logs) throws Exception {
        var topics = TestBroker.createTopics("audit", 1);
        List<String> kafkaIds = TestIds.valid(5, 31);
        List<String> fileIds = TestIds.valid(3, 32);
        Path clientKey = TestKeys.writeJwk(keys, "audit");
        Map<String, Object> properties;
        try (var simulator = SimulatorServer.start(clientKey, Map.of())) {
            properties = new HashMap<>(simulator.gatewayProperties(topics, "audit"));
            properties.put("gateway.audit.hmac-secret", SECRET);
            try (var gateway = GatewayProcess.start(properties)) {
                send(topics.requests(), "{\"requestId\":\"audit-1\",\"personidentifikatorer\":["
                        + kafkaIds.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",")) + "]}");
                Path inbox = Path.of(gateway.getEnvironment().getProperty("gateway.files.inbox"));
                Files.createDirectories(inbox);
                Files.writeString(inbox.resolve("audit.tmp"), String.join("\n", fileIds) + "\n");
                Files.move(inbox.resolve("audit.tmp"), inbox.resolve("audit.txt"));

                Awaitility.await("an audit event per channel").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> events(logs.getAll()).stream().map(e -> e.get("channel").asText())
                                .collect(Collectors.toSet()).containsAll(List.of("kafka", "file")));
            }
        }

        List<JsonNode> events = events(logs.getAll());
        JsonNode kafka = events.stream().filter(e -> e.get("channel").asText().equals("kafka")).findFirst()
                .orElseThrow();
        assertThat(kafka.get("requestId").asText()).isEqualTo("audit-1");
        assertThat(kafka.get("correlationId").asText()).isEqualTo("corr-audit");
        assertThat(kafka.get("source").asText()).isEqualTo(topics.requests() + "-0-0");
        assertThat(kafka.get("ids").asInt()).isEqualTo(5);
        assertThat(kafka.at("/outcomes/results").asInt()).isEqualTo(5);
        assertThat(kafka.get("idHmacs")).hasSize(5);
        assertThat(kafka.get("at").asText()).isNotBlank();
        JsonNode file = events.stream().filter(e -> e.get("channel").asText().equals("file")).findFirst()
                .orElseThrow();
        assertThat(file.get("source").asText()).isEqualTo("audit.txt");
        assertThat(file.get("requestId").asText()).isEqualTo("file:audit.txt");
        assertThat(file.get("ids").asInt()).isEqualTo(3);
        assertThat(events).as("one event per request").hasSize(2);
        String trail = events.toString();
        assertThat(kafkaIds).noneMatch(trail::contains);
        assertThat(fileIds).noneMatch(trail::contains);
    }

    /** The JSON of every audit line logged so far. */
    private static List<JsonNode> events(String logged) {
        return logged.lines().filter(line -> line.contains("krr-gateway.audit") && line.contains("{\"event\""))
                .map(line -> {
                    try {
                        return MAPPER.readTree(line.substring(line.indexOf("{\"event\"")));
                    } catch (Exception e) {
                        throw new AssertionError("an audit line that is not JSON: " + line, e);
                    }
                }).toList();
    }

    private static void send(String topic, String value) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            var record = new ProducerRecord<String, String>(topic, null, value);
            record.headers().add("correlation-id", "corr-audit".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }
}
