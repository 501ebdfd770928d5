// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import no.krrgateway.simulator.TestPersons;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The log scan with structured (JSON) logging on: lookups at DEBUG, plus a careless log line that names an id, and
 * not one test id nor token in anything logged. (LookupSpineIT scans the human-readable lines the same way.)
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogScanIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"ecs", "logstash"})
    void logs_structuredAtDebugWithCarelessLine_noIdAndNoToken(String format, CapturedOutput logs) throws Exception {
        var topics = TestBroker.createTopics("logscan-" + format, 2);
        List<String> ids = new ArrayList<>(Arrays.stream(TestPersons.values()).map(TestPersons::id).toList());
        ids.addAll(TestIds.valid(200, 11));
        ids.addAll(TestIds.invalid(6, 12));
        send(topics.requests(), "{\"requestId\":\"scan\",\"personidentifikatorer\":["
                + ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",")) + "]}");
        send(topics.requests(), ids.get(0));

        // Logging is set up once per JVM by the first application to start, here the simulator: it gets the format too.
        var simulator = SimulatorServer.start(Map.of("logging.structured.format.console", format));
        Map<String, Object> properties = simulator.gatewayProperties(topics, "logscan-" + format);
        properties.put("logging.structured.format.console", format);
        properties.put("logging.level.no.krrgateway", "DEBUG");
        properties.put("logging.level.org.apache.camel", "DEBUG");
        properties.put("logging.level.org.apache.kafka.clients.producer", "DEBUG");
        int before = logs.getAll().length();
        try (simulator;
             var gateway = GatewayProcess.start(properties);
             var collector = new OutcomeCollector(topics.results(), topics.errors())) {
            assertThat(collector.awaitAtLeast(ids.size() + 1, Duration.ofSeconds(60))).hasSize(ids.size() + 1);
            // A careless line elsewhere: the safety net must catch it, in the message and in the stack trace.
            LoggerFactory.getLogger("no.krrgateway.careless").atWarn().addKeyValue("person", ids.get(1))
                    .setCause(new IllegalStateException("no answer for " + ids.get(2)))
                    .log("looked up {}", ids.get(0));
        }
        String logged = logs.getAll().substring(before);

        List<JsonNode> lines = logged.lines().filter(line -> line.startsWith("{")).map(StructuredLogScanIT::json)
                .toList();
        assertThat(lines).as("JSON log lines").hasSizeGreaterThan(20);
        assertThat(lines).anySatisfy(line -> assertThat(line.toString())
                .contains("looked up " + ids.get(0).substring(0, 6) + "*****")
                .contains("no answer for " + ids.get(2).substring(0, 6) + "*****"));
        assertThat(ids.stream().filter(id -> id.matches("\\d{11}") && logged.contains(id)).toList())
                .as("person ids in the logs").isEmpty();
        assertThat(logged).as("tokens or grants in the logs").doesNotContain("eyJ").doesNotContain("assertion=");
    }

    private static JsonNode json(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("a log line that is not JSON: " + line, e);
        }
    }

    private static void send(String topic, String value) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, null, value)).get();
        }
    }
}
