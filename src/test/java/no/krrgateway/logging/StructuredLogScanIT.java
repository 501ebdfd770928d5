// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
import no.krrgateway.support.TestKeys;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The log scan with structured (JSON) logging on, and with an operator's careless pattern and extra appender:
 * lookups at DEBUG, plus a careless log line that names ids, an e-mail address and a mobile number, and not one of
 * them nor a token in anything logged. (LookupSpineIT scans the human-readable lines the same way.)
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogScanIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String EMAIL = TestPersons.values()[0].name().toLowerCase().replace('_', '.')
            + "@simulert.example";
    private static final String MOBILE = "+4799" + TestPersons.values()[0].id().substring(5, 11);

    @TempDir
    Path keys;

    private List<String> ids;

    /** Spring Boot keeps a structured format as a system property once set: the next case (and test) sets its own. */
    @AfterEach
    void formatCleared() {
        System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecs", "logstash"})
    void logs_structuredAtDebugWithCarelessLine_noIdAndNoToken(String format, CapturedOutput logs) throws Exception {
        String logged = scan("logscan-" + format, Map.of("logging.structured.format.console", format), logs);

        List<JsonNode> lines = logged.lines().filter(line -> line.startsWith("{")).map(StructuredLogScanIT::json)
                .toList();
        assertThat(lines).as("JSON log lines").hasSizeGreaterThan(20);
        assertThat(lines).anySatisfy(line -> assertThat(line.toString())
                .contains("looked up ***********")
                .contains("no answer for ***********"));
        assertNothingPersonal(logged);
    }

    /**
     * An operator's own Logback configuration ({@code logback-careless.xml}: {@code %message %mdc %kvp %throwable}
     * on the console, and an extra file appender with {@code %msg %ex{full}}) still logs no id, e-mail or phone.
     */
    @org.junit.jupiter.api.Test
    void logs_carelessPatternAndExtraAppender_noIdEmailOrPhone(CapturedOutput logs) throws Exception {
        Path extraLog = keys.resolve("extra.log");
        Map<String, Object> logging = Map.of("logging.config", "classpath:logback-careless.xml",
                "test.extra-log-file", extraLog.toString());
        String logged = scan("logscan-careless", logging, logs);

        assertThat(logged).contains("looked up ***********").contains("no answer for ***********");
        String extra = Files.readString(extraLog);
        assertThat(extra).contains("looked up ***********").contains("IllegalStateException");
        assertNothingPersonal(logged);
        assertNothingPersonal(extra);
    }

    private String scan(String name, Map<String, Object> logging, CapturedOutput logs) throws Exception {
        var topics = TestBroker.createTopics(name, 2);
        ids = new ArrayList<>(Arrays.stream(TestPersons.values()).map(TestPersons::id).toList());
        ids.addAll(TestIds.valid(200, 11));
        ids.addAll(TestIds.invalid(6, 12));
        send(topics.requests(), "{\"requestId\":\"scan\",\"personidentifikatorer\":["
                + ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",")) + "]}");
        send(topics.requests(), ids.get(0));

        // Logging is set up once per JVM by the first application to start, here the simulator: it gets the format too.
        Path clientKey = TestKeys.writeJwk(keys, "logscan");
        var simulator = SimulatorServer.start(clientKey, logging);
        Map<String, Object> properties = new HashMap<>(simulator.gatewayProperties(clientKey));
        properties.putAll(topics.asProperties());
        properties.put("gateway.kafka.group-id", name);
        properties.putAll(logging);
        properties.put("logging.level.no.krrgateway", "DEBUG");
        properties.put("logging.level.org.apache.camel", "DEBUG");
        properties.put("logging.level.org.apache.kafka.clients.producer", "DEBUG");
        int before = logs.getAll().length();
        try (simulator;
             var gateway = GatewayProcess.start(properties);
             var collector = new OutcomeCollector(topics.results(), topics.errors())) {
            assertThat(collector.awaitAtLeast(ids.size() + 1, Duration.ofSeconds(60))).hasSize(ids.size() + 1);
            // A careless line elsewhere: the safety net must catch it, in the message, MDC, key-value pairs and the
            // stack trace; with the e-mail address and mobile number KRR gave for the person.
            MDC.put("subject", ids.get(3));
            try {
                LoggerFactory.getLogger("no.krrgateway.careless").atWarn().addKeyValue("person", ids.get(1))
                        .setCause(new IllegalStateException("no answer for " + ids.get(2) + " at " + EMAIL))
                        .log("looked up {} ({}, {})", ids.get(0), EMAIL, MOBILE);
            } finally {
                MDC.remove("subject");
            }
        }
        return logs.getAll().substring(before);
    }

    private void assertNothingPersonal(String logged) {
        assertThat(ids.stream().filter(id -> id.matches("\\d{11}") && logged.contains(id)).toList())
                .as("person ids in the logs").isEmpty();
        assertThat(logged).as("contact data in the logs").doesNotContain(EMAIL).doesNotContain(MOBILE)
                .doesNotContain("@simulert.example").doesNotContain("+4799");
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
