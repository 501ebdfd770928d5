// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's hostile-input suite: records a careless or hostile producer might send, each followed by a plain request
 * on the same (only) partition, against the built gateway in its own JVM at {@code -Xmx256m} with
 * {@code -XX:+ExitOnOutOfMemoryError} and the default limits. Every hostile record must be answered (outcomes or an
 * error record), the JVM must survive, and the plain request after it must be answered. Per record it reports the
 * outcome, the time from the hostile record to the plain request's answer, and the heap's peak in that window
 * (sampled from the Prometheus scrape), as lines starting {@code hostile:}.
 */
class HostileInputIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int EIGHT_MB = 8 << 20;

    /**
     * One hostile record and what must answer it: either one MALFORMED_REQUEST error whose message holds
     * {@code malformed}, or {@code outcomes} outcomes under {@code requestId}.
     */
    private record Hostile(String name, String value, String correlationId, String requestId, String malformed,
                           int outcomes) {

        static Hostile malformed(String name, String value, String malformed) {
            return new Hostile(name, value, null, null, malformed, 1);
        }

        static Hostile malformed(String name, String value, String requestId, String malformed) {
            return new Hostile(name, value, null, requestId, malformed, 1);
        }

        static Hostile answered(String name, String value, String requestId, int outcomes) {
            return new Hostile(name, value, null, requestId, null, outcomes);
        }
    }

    /** What the outcome topics hold for one requestId. */
    private static final class Answer {
        final AtomicLong count = new AtomicLong();
        final Map<String, Long> codes = new ConcurrentHashMap<>();
        volatile String message;
        volatile long payloadLength = -1;
        volatile boolean correlation;
        volatile long largestValue;
        volatile long lastTimestamp;
    }

    @Test
    void hostileRecords_eachAnsweredTheJvmSurvivesAndThePartitionMovesOn() throws Exception {
        TestBroker.Topics topics = topics("hostile");
        List<String> ids = TestIds.valid(200_000, 1313);
        String id = ids.get(0);
        String twoThousand = json(ids.subList(0, 2000));
        int oneMbIds = (1 << 20) / 14;
        List<Hostile> hostile = List.of(
                Hostile.malformed("null value", null, "empty record"),
                Hostile.malformed("empty", "", "empty record"),
                Hostile.malformed("whitespace", " \n\t ", "empty record"),
                new Hostile("JSON null", "null", null, null, null, 1),
                new Hostile("JSON true", "true", null, null, null, 1),
                Hostile.malformed("{}", "{}", "neither personidentifikator nor personidentifikatorer"),
                Hostile.malformed("wrong types", "{\"requestId\":\"t\",\"personidentifikatorer\":{\"a\":\"" + id
                        + "\"}}", "t", "not a non-empty array"),
                Hostile.malformed("requestId an object", "{\"requestId\":{\"a\":1},\"personidentifikator\":\"" + id
                        + "\"}", "requestId is not a string"),
                Hostile.malformed("deep nesting", "{\"requestId\":\"deep\",\"x\":" + "[".repeat(200_000)
                        + "]".repeat(200_000) + ",\"personidentifikator\":\"" + id + "\"}", "limits"),
                Hostile.malformed("cut-off JSON", "{\"requestId\":\"cut\",\"personidentifikatorer\":[\"" + id
                        + "\",\"" + ids.get(1).substring(0, 5), "cut off"),
                Hostile.answered("ids of mixed JSON types", "{\"requestId\":\"mixed\",\"personidentifikatorer\":[\""
                        + id + "\"," + ids.get(1) + ",true,null,1.5,{\"a\":1},[\"x\"],\"" + id + "\"]}", "mixed", 8),
                Hostile.malformed("300 KB requestId, 2,000 ids", "{\"requestId\":\"" + "r".repeat(300_000)
                        + "\",\"personidentifikatorer\":" + twoThousand + "}", "gateway.limits.max-json-string-length"),
                new Hostile("300 KB correlation-id, 2,000 ids", "{\"requestId\":\"big-header\","
                        + "\"personidentifikatorer\":" + twoThousand + "}", "c".repeat(300_000), "big-header",
                        "gateway.limits.max-correlation-id-length", 1),
                Hostile.malformed("200,000 ids in one record", "{\"requestId\":\"many\",\"personidentifikatorer\":"
                        + json(ids) + "}", "many", "gateway.limits.max-ids-per-request"),
                Hostile.answered("1 MB record of " + oneMbIds + " ids", "{\"requestId\":\"one-mb\","
                        + "\"personidentifikatorer\":" + json(ids.subList(0, oneMbIds)) + "}", "one-mb", oneMbIds),
                // one string read no further than its cap (cut off before the end: cut-off JSON, above)
                Hostile.malformed("1 MB record, cut off", "{\"requestId\":\"" + "a".repeat(1 << 20),
                        "gateway.limits.max-json-string-length"));

        try (var simulator = SimulatorServer.start(Map.of());
             var answers = new Answers(topics.results(), topics.errors());
             var producer = producer()) {
            Map<String, Object> properties = simulator.gatewayProperties(topics, "hostile");
            try (var gateway = new GatewayJvm("hostile", "256m", properties);
                 var heap = new HeapPeak(gateway)) {
                gateway.start();
                send(producer, topics.requests(), "{\"requestId\":\"warm-up\",\"personidentifikator\":\"" + id + "\"}",
                        null);
                await().atMost(Duration.ofMinutes(3)).until(() -> answers.count("warm-up") == 1);
                List<String> report = new ArrayList<>();
                for (int i = 0; i < hostile.size(); i++) {
                    Hostile record = hostile.get(i);
                    heap.reset();
                    RecordMetadata sent = send(producer, topics.requests(), record.value(), record.correlationId());
                    String probe = "probe-" + i;
                    send(producer, topics.requests(), "{\"requestId\":\"" + probe + "\",\"personidentifikator\":\""
                            + ids.get(i + 2) + "\"}", null);
                    String requestId = record.requestId() != null ? record.requestId()
                            : topics.requests() + "-0-" + sent.offset();
                    await().atMost(Duration.ofMinutes(4)).until(() -> answers.count(probe) == 1
                            && answers.count(requestId) >= record.outcomes() || !gateway.isAlive());
                    assertThat(gateway.isAlive()).as("the gateway JVM after " + record.name()).isTrue();
                    Answer answer = answers.get(requestId);
                    long took = answers.get(probe).lastTimestamp - sent.timestamp();
                    String outcome = record.malformed() != null
                            ? answer.codes + " \"" + answer.message + "\""
                            : answer.count.get() + " outcomes " + answer.codes;
                    String line = String.format("| %s | %,d B | %s | %.1f s | %d MB | %,d B |", record.name(),
                            record.value() == null ? 0 : record.value().length(), outcome, took / 1000.0,
                            heap.peak() >> 20, answer.largestValue);
                    System.out.println("hostile: " + line);
                    report.add(line);

                    assertThat(answer.count.get()).as(record.name() + ": outcomes").isEqualTo(record.outcomes());
                    if (record.malformed() != null) {
                        assertThat(answer.codes).as(record.name()).containsOnlyKeys("MALFORMED_REQUEST");
                        assertThat(answer.message).as(record.name()).contains(record.malformed());
                    }
                    assertThat(answer.correlation).as(record.name() + ": no correlation id over the limit").isFalse();
                    if (record.value() != null && record.value().length() > 1024 && record.malformed() != null) {
                        assertThat(answer.payloadLength).as(record.name() + ": payloadLength")
                                .isEqualTo(record.value().length());
                    }
                    // Outcomes copy nothing over the limits, so none is near the broker's 1 MB record limit.
                    assertThat(answer.largestValue).as(record.name() + ": largest outcome").isLessThan(8 * 1024);
                }
                assertThat(gateway.starts()).isEqualTo(1);
                System.out.println("hostile: | record | size | outcome | to the next record's answer | heap peak "
                        + "| largest outcome |\nhostile: " + String.join("\nhostile: ", report));
            }
        }
    }

    private static String json(List<String> ids) {
        return ids.stream().collect(Collectors.joining("\",\"", "[\"", "\"]"));
    }

    /** The gateway's topics, the requests topic with one partition taking records of up to 8 MB. */
    private static TestBroker.Topics topics(String prefix) throws Exception {
        TestBroker.Topics topics = TestBroker.Topics.named(prefix);
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(
                    new NewTopic(topics.requests(), 1, (short) 1)
                            .configs(Map.of("max.message.bytes", String.valueOf(EIGHT_MB))),
                    new NewTopic(topics.results(), 3, (short) 1),
                    new NewTopic(topics.notifiable(), 3, (short) 1),
                    new NewTopic(topics.errors(), 3, (short) 1),
                    new NewTopic(topics.completed(), 3, (short) 1))).all().get();
        }
        return topics;
    }

    private static KafkaProducer<String, String> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, EIGHT_MB);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * EIGHT_MB);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static RecordMetadata send(KafkaProducer<String, String> producer, String topic, String value,
                                       String correlationId) throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, 0, null, value);
        if (correlationId != null) {
            record.headers().add("correlation-id", correlationId.getBytes(StandardCharsets.UTF_8));
        }
        return producer.send(record).get();
    }

    /** Reads the outcome topics from a background thread, keeping per requestId only what the checks need. */
    private static final class Answers implements AutoCloseable {

        private final Map<String, Answer> answers = new ConcurrentHashMap<>();
        private final TopicPoller poller;

        Answers(String... topics) {
            poller = new TopicPoller("hostile-answers", false, TestBroker.bootstrapServers(), List.of(topics),
                    records -> records.forEach(this::add));
        }

        private void add(ConsumerRecord<String, String> record) {
            JsonNode value;
            try {
                value = MAPPER.readTree(record.value());
            } catch (Exception e) {
                throw new IllegalStateException("an outcome is not JSON", e);
            }
            Answer answer = get(value.path("requestId").asText());
            answer.codes.merge(value.at("/error/code").asText("RESULT"), 1L, Long::sum);
            if (value.has("error")) {
                answer.message = value.at("/error/message").asText();
            }
            if (value.has("payloadLength")) {
                answer.payloadLength = value.get("payloadLength").asLong();
            }
            answer.correlation |= value.has("correlationId") || record.headers().lastHeader("correlation-id") != null;
            answer.largestValue = Math.max(answer.largestValue, record.value().length());
            answer.lastTimestamp = Math.max(answer.lastTimestamp, record.timestamp());
            answer.count.incrementAndGet();
        }

        Answer get(String requestId) {
            return answers.computeIfAbsent(requestId, any -> new Answer());
        }

        long count(String requestId) {
            Answer answer = answers.get(requestId);
            return answer == null ? 0 : answer.count.get();
        }

        @Override
        public void close() throws InterruptedException {
            poller.close();
        }
    }

    /** Samples the gateway's heap in use every 100 ms; the peak since the last reset. */
    private static final class HeapPeak implements AutoCloseable {

        private final AtomicLong peak = new AtomicLong();
        private final Thread sampler;

        HeapPeak(GatewayJvm gateway) {
            sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(gateway.heapUsed(), Math::max);
                    try {
                        Thread.sleep(100); // deliberate: the sampling interval
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }, "hostile-heap");
            sampler.setDaemon(true);
            sampler.start();
        }

        void reset() {
            peak.set(0);
        }

        long peak() {
            return peak.get();
        }

        @Override
        public void close() throws InterruptedException {
            sampler.interrupt();
            sampler.join(5_000);
        }
    }
}
