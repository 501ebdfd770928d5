// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import no.krrgateway.channel.kafka.KafkaChannelProperties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The local run's stand-in for Kafka tools: puts a request on the requests topic and reads a request's outcomes back,
 * so a newcomer can try the gateway with curl alone. Local profile only, and never in the production jar.
 */
@Profile("local")
@RestController
class LocalConsole {

    private final KafkaChannelProperties.Topics topics;
    private final String brokers;
    private final ObjectMapper mapper;
    private final KafkaProducer<String, String> producer;

    LocalConsole(KafkaChannelProperties.Topics topics, @Value("${camel.component.kafka.brokers}") String brokers,
                 ObjectMapper mapper) {
        this.topics = topics;
        this.brokers = brokers;
        this.mapper = mapper;
        Properties config = new Properties();
        config.put("bootstrap.servers", brokers);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    @PostMapping("/local/requests")
    Map<String, Object> send(@RequestBody String request,
                             @RequestHeader(name = "correlation-id", required = false) String correlationId)
            throws Exception {
        var record = new ProducerRecord<String, String>(topics.requests(), null, request);
        if (correlationId != null) {
            record.headers().add("correlation-id", correlationId.getBytes(StandardCharsets.UTF_8));
        }
        RecordMetadata sent = producer.send(record).get();
        return Map.of("topic", sent.topic(), "partition", sent.partition(), "offset", sent.offset());
    }

    @GetMapping("/local/results")
    List<JsonNode> results(@RequestParam String requestId) throws Exception {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "local-console-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<JsonNode> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topics.results(), topics.errors()));
            Instant deadline = Instant.now().plusSeconds(4);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
                    JsonNode outcome = mapper.readTree(record.value());
                    if (requestId.equals(outcome.path("requestId").asText())) {
                        found.add(outcome);
                    }
                }
            }
        }
        return found;
    }
}
