// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import no.krrgateway.simulator.TestPersons;
import no.krrgateway.support.Actuator;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.PrometheusScrape;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After lookups through Kafka and a file drop, {@code /actuator/prometheus} shows the counters moved, and no id. */
class MetricsIT {

    private static final Pattern ELEVEN_DIGIT_LABEL = Pattern.compile("=\"[^\"]*(?<!\\d)\\d{11}(?!\\d)[^\"]*\"");

    @TempDir
    Path files;

    @Test
    void prometheus_afterLookupsThroughKafka_countersMovedWithoutPersonIds() throws Exception {
        var topics = TestBroker.createTopics("metrics", 2);
        List<String> named = Arrays.stream(TestPersons.values()).map(TestPersons::id).toList();
        List<String> invalid = TestIds.invalid(3, 7);
        List<String> ids = new ArrayList<>(named);
        ids.addAll(invalid);
        send(topics.requests(), "{\"requestId\":\"m-1\",\"personidentifikatorer\":["
                + ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",")) + "]}");
        send(topics.requests(), "not a request at all");

        try (var simulator = SimulatorServer.start(Map.of())) {
            Map<String, Object> properties = simulator.gatewayProperties(topics, "metrics");
            properties.put("gateway.kafka.probe.cache-for", "100ms");
            properties.put("gateway.files.inbox", files.resolve("inbox").toString());
            properties.put("gateway.files.outbox", files.resolve("outbox").toString());
            properties.put("gateway.files.error", files.resolve("error").toString());
            properties.put("gateway.files.poll-interval", "200ms");
            properties.put("gateway.files.read-lock-check-interval", "100ms");
            properties.put("gateway.files.read-lock-min-age", "100ms");
            try (var gateway = GatewayProcess.start(properties);
                 var collector = new OutcomeCollector(topics.results(), topics.errors())) {
                int expected = ids.size() + 1;
                assertThat(collector.awaitAtLeast(expected, Duration.ofSeconds(60))).hasSize(expected);
                List<String> fileIds = List.of(named.get(0), named.get(1), named.get(2), invalid.get(0));
                dropAndAwait(fileIds);

                PrometheusScrape scrape = scrapeUntilCommitted(gateway);
                // the files meter counts when route intake-file ends, just after the input moved
                scrape = org.awaitility.Awaitility.await("both files counted").atMost(Duration.ofSeconds(10))
                        .until(() -> scrape(gateway), s -> s.sum("gateway_files_processed_total") >= 2);
                assertThat(scrape.sum("gateway_ids_received_total", "channel", "kafka")).isEqualTo(ids.size());
                assertThat(scrape.sum("gateway_ids_received_total", "channel", "file")).isEqualTo(fileIds.size());
                assertThat(scrape.sum("gateway_outcomes_total", "channel", "file", "result", "result")).isEqualTo(3);
                assertThat(scrape.sum("gateway_outcomes_total", "channel", "file", "code", "INVALID_ID")).isEqualTo(1);
                assertThat(scrape.sum("gateway_files_processed_total", "outcome", "done")).isEqualTo(1);
                assertThat(scrape.sum("gateway_files_processed_total", "outcome", "error")).isEqualTo(1);
                assertThat(scrape.sum("gateway_outcomes_total", "channel", "kafka", "result", "result"))
                        .isEqualTo(named.size());
                assertThat(scrape.sum("gateway_outcomes_total", "channel", "kafka", "notifiable", "true"))
                        .isEqualTo(named.stream().filter(MetricsIT::notifiable).count());
                assertThat(scrape.sum("gateway_outcomes_total", "channel", "kafka", "code", "INVALID_ID"))
                        .isEqualTo(invalid.size());
                assertThat(scrape.sum("gateway_outcomes_total", "result", "error", "code", "MALFORMED_REQUEST"))
                        .isEqualTo(1);
                assertThat(scrape.sum("gateway_outcome_reasons_total", "channel", "kafka", "reason", "RESERVED"))
                        .isEqualTo(1);
                assertThat(scrape.sum("gateway_outcome_reasons_total", "channel", "kafka", "reason",
                        "NOT_REGISTERED")).isEqualTo(1);
                assertThat(scrape.sum("gateway_krr_requests_seconds_count", "status", "200", "outcome", "SUCCESS"))
                        .isGreaterThanOrEqualTo(1);
                assertThat(scrape.sum("gateway_krr_batch_ids_sum")).isEqualTo(named.size() + 3);
                assertThat(scrape.sum("gateway_krr_batch_ids_bucket", "le", "50.0")).isGreaterThanOrEqualTo(1);
                assertThat(scrape.sum("gateway_lookup_ids_sum")).isEqualTo(ids.size() + fileIds.size());
                assertThat(scrape.sum("gateway_kafka_consumer_lag_records", "topic", topics.requests())).isZero();

                String text = Actuator.get(gateway, "/actuator/prometheus").body();
                assertThat(ids.stream().filter(text::contains).toList()).as("person ids in the scrape").isEmpty();
                assertThat(ELEVEN_DIGIT_LABEL.matcher(text).find()).as("an 11-digit run in a label").isFalse();
            }
        }
    }

    /** A file of ids and a file without any, each waited for until the gateway has finished it. */
    private void dropAndAwait(List<String> fileIds) throws Exception {
        Path inbox = Files.createDirectories(files.resolve("inbox"));
        Files.write(inbox.resolve("ids.txt.tmp"), fileIds);
        Files.move(inbox.resolve("ids.txt.tmp"), inbox.resolve("ids.txt"));
        Files.writeString(inbox.resolve("empty.txt"), "# no ids here\n");
        org.awaitility.Awaitility.await("both files finished").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(files.resolve("outbox").resolve("ids.summary.json"))
                        && Files.exists(inbox.resolve(".done").resolve("ids.txt"))
                        && Files.exists(files.resolve("error").resolve("empty.txt")));
    }

    /** The lag gauge reads committed offsets, which follow the outcomes; poll until they are in. */
    private static PrometheusScrape scrapeUntilCommitted(org.springframework.context.ConfigurableApplicationContext
                                                                 gateway) throws InterruptedException {
        return org.awaitility.Awaitility.await("consumer lag back to 0").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> scrape(gateway), scrape -> scrape.sum("gateway_kafka_consumer_lag_records") == 0);
    }

    private static PrometheusScrape scrape(org.springframework.context.ConfigurableApplicationContext gateway) {
        var response = Actuator.get(gateway, "/actuator/prometheus");
        assertThat(response.status()).isEqualTo(200);
        return new PrometheusScrape(response.body());
    }

    private static boolean notifiable(String id) {
        TestPersons person = Arrays.stream(TestPersons.values()).filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow();
        return switch (person) {
            case NOTIFIABLE, D_NUMBER_EMAIL_ONLY, EMAIL_FRESH_MOBILE_EXPIRED, MOBILE_ONLY, OFFSET_DATES,
                 VERIFIED_ONLY, UNKNOWN_FIELD -> true;
            default -> false;
        };
    }

    private static void send(String topic, String value) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, null, value)).get();
        }
    }
}
