// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import no.krrgateway.support.AuditEvents;
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
 * A real gateway: a Kafka record looked up in several slices and a dropped file looked up in several chunks each leave
 * one audit event on logger krr-gateway.audit, with the channel, source, request id, correlation id, the org the
 * request named and counts; the ids only as keyed hashes, in bounded lookup-ids events per slice or chunk.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuditTrailIT {

    private static final String SECRET = "audit-it-secret-of-at-least-32-bytes";
    private static final String LISTED_ORG = "910000001";

    @TempDir
    Path keys;

    @Test
    void lookups_recordOverSlicesAndFileOverChunks_oneAuditEventPerRequestWithoutIds(CapturedOutput logs)
            throws Exception {
        var topics = TestBroker.createTopics("audit", 1);
        String tenantTopic = TestBroker.createTopic("audit.tenant.requests", 1);
        List<String> kafkaIds = TestIds.valid(5, 31);
        List<String> otherIds = TestIds.valid(1, 33);
        List<String> fileIds = TestIds.valid(5, 32);
        Path clientKey = TestKeys.writeJwk(keys, "audit");
        Map<String, Object> properties;
        try (var simulator = SimulatorServer.start(clientKey, Map.of())) {
            properties = new HashMap<>(simulator.gatewayProperties(topics, "audit"));
            properties.put("gateway.audit.hmac-secret", SECRET);
            properties.put("gateway.tenants." + LISTED_ORG + ".request-topics[0]", tenantTopic);
            // the record's 5 ids are looked up in 3 slices, the file's 5 in 3 chunks: still one event each
            properties.put("gateway.limits.ids-per-slice", "2");
            properties.put("gateway.files.chunk-size", "2");
            try (var gateway = GatewayProcess.start(properties)) {
                // on the tenant's topic, naming no org: looked up for the tenant
                send(tenantTopic, "{\"requestId\":\"audit-1\",\"personidentifikatorer\":["
                        + kafkaIds.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",")) + "]}");
                send(topics.requests(), "{\"requestId\":\"audit-2\",\"personidentifikator\":\""
                        + otherIds.get(0) + "\"}");
                Path inbox = Path.of(gateway.getEnvironment().getProperty("gateway.files.inbox"));
                Files.createDirectories(inbox);
                Files.writeString(inbox.resolve("audit.tmp"), String.join("\n", fileIds) + "\n");
                Files.move(inbox.resolve("audit.tmp"), inbox.resolve("audit.txt"));

                Awaitility.await("an audit event per request").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> AuditEvents.lookups(logs.getAll()).stream()
                                .map(e -> e.get("requestId").asText()).collect(Collectors.toSet())
                                .containsAll(List.of("audit-1", "audit-2", "file:audit.txt")));
                // the input leaves the inbox after its event: wait for it, so no later event is missed
                Awaitility.await("the file done").atMost(Duration.ofSeconds(30))
                        .until(() -> !Files.exists(inbox.resolve("audit.txt")));
            }
        }

        List<JsonNode> events = AuditEvents.lookups(logs.getAll());
        assertThat(events).as("one lookup event per request").hasSize(3);
        JsonNode kafka = request(events, "audit-1");
        assertThat(kafka.get("channel").asText()).isEqualTo("kafka");
        assertThat(kafka.get("correlationId").asText()).isEqualTo("corr-audit");
        assertThat(kafka.get("source").asText()).as("the topic").isEqualTo(tenantTopic + "-0-0");
        assertThat(kafka.get("consumerOrg").asText()).as("the topic's tenant").isEqualTo(LISTED_ORG);
        assertThat(kafka.get("ids").asInt()).isEqualTo(5);
        assertThat(kafka.at("/outcomes/results").asInt()).isEqualTo(5);
        assertThat(kafka.has("idHmacs")).isFalse();
        assertThat(kafka.get("at").asText()).isNotBlank();
        JsonNode other = request(events, "audit-2");
        assertThat(other.has("consumerOrg")).as("none named, none configured").isFalse();
        assertThat(other.get("ids").asInt()).isEqualTo(1);
        JsonNode file = request(events, "file:audit.txt");
        assertThat(file.get("channel").asText()).isEqualTo("file");
        assertThat(file.get("source").asText()).isEqualTo("audit.txt");
        assertThat(file.get("ids").asInt()).isEqualTo(5);
        assertThat(file.at("/outcomes/results").asInt()).isEqualTo(5);
        assertThat(file.at("/outcomes/errors").size()).isZero();

        List<JsonNode> hashes = AuditEvents.all(logs.getAll()).stream()
                .filter(e -> e.get("event").asText().equals("lookup-ids")).toList();
        assertThat(hashes).filteredOn(e -> e.get("requestId").asText().equals("file:audit.txt"))
                .as("a file's hashes in bounded events, one per chunk").hasSize(3);
        assertThat(hashes.stream().filter(e -> e.get("requestId").asText().equals("file:audit.txt"))
                .mapToInt(e -> e.get("idHmacs").size()).sum()).isEqualTo(5);
        assertThat(hashes.stream().filter(e -> e.get("requestId").asText().equals("audit-1"))
                .mapToInt(e -> e.get("idHmacs").size()).sum()).isEqualTo(5);
        String trail = AuditEvents.all(logs.getAll()).toString();
        assertThat(kafkaIds).noneMatch(trail::contains);
        assertThat(fileIds).noneMatch(trail::contains);
    }

    private static JsonNode request(List<JsonNode> events, String requestId) {
        return events.stream().filter(e -> e.get("requestId").asText().equals(requestId)).findFirst().orElseThrow();
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
