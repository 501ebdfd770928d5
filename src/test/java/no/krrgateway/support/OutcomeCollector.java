// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what the gateway published to its outcome topics, as a downstream consumer would. */
public final class OutcomeCollector implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final List<Outcome> outcomes = new ArrayList<>();

    public OutcomeCollector(String... topics) {
        this(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers()), topics);
    }

    /** A collector with client settings of its own (e.g. a secured broker's bootstrap servers and SASL settings). */
    public OutcomeCollector(Map<String, Object> client, String... topics) {
        Properties config = new Properties();
        config.putAll(client);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "collector-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topics));
    }

    /**
     * One record on an outcome topic; {@code timestamp} is the Kafka record's (the gateway's producer: CreateTime);
     * {@code traceparent} its header, while traced.
     */
    public record Outcome(String topic, String key, JsonNode value, String correlationHeader, long timestamp,
                          String traceparent) {

        /** "requestId/personidentifikator", as {@link RequestProducer} names the outcomes it expects. */
        public String requestAndId() {
            return value.path("requestId").asText() + "/" + value.path("personidentifikator").asText();
        }
    }

    /** Polls until at least {@code count} outcomes arrived or the time is up; returns all seen so far. */
    public List<Outcome> awaitAtLeast(int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (outcomes.size() < count && Instant.now().isBefore(deadline)) {
            poll(Duration.ofMillis(200));
        }
        return List.copyOf(outcomes);
    }

    /** Polls until the outcomes seen so far satisfy {@code done}, or the time is up; returns all seen so far. */
    public List<Outcome> awaitUntil(java.util.function.Predicate<List<Outcome>> done, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!done.test(outcomes) && Instant.now().isBefore(deadline)) {
            poll(Duration.ofMillis(200));
        }
        return List.copyOf(outcomes);
    }

    /**
     * Polls until each of {@code keys} ("requestId/personidentifikator") has an outcome or the time is up, then until
     * nothing new arrives for 2 s; asserts each key answered and returns all seen.
     */
    public List<Outcome> awaitEach(Set<String> keys, Duration timeout) {
        awaitUntil(seen -> countByRequestAndId(seen).keySet().containsAll(keys), timeout);
        List<Outcome> all = drain(Duration.ofSeconds(2));
        assertThat(countByRequestAndId(all).keySet()).as("each request and id answered").containsAll(keys);
        return all;
    }

    /** Keeps polling until nothing new arrives for {@code quiet}, to catch up and catch outcomes beyond the expected. */
    public List<Outcome> drain(Duration quiet) {
        while (poll(quiet) > 0) {
            // keep reading: a poll returns at most max.poll.records
        }
        return List.copyOf(outcomes);
    }

    private int poll(Duration timeout) {
        var records = consumer.poll(timeout);
        for (ConsumerRecord<String, String> record : records) {
            try {
                outcomes.add(new Outcome(record.topic(), record.key(), MAPPER.readTree(record.value()),
                        header(record, "correlation-id"), record.timestamp(), header(record, "traceparent")));
            } catch (Exception e) {
                throw new IllegalStateException("an outcome is not JSON", e);
            }
        }
        return records.count();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Outcomes counted by "requestId/personidentifikator". */
    public static Map<String, Long> countByRequestAndId(List<Outcome> outcomes) {
        return outcomes.stream().collect(Collectors.groupingBy(Outcome::requestAndId, Collectors.counting()));
    }

    @Override
    public void close() {
        consumer.close();
    }
}
