// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends request records as a case system would, and remembers which (requestId, id) outcomes they must cause. */
public final class RequestProducer {

    private final String topic;
    private final KafkaProducer<String, String> producer;
    private final Map<String, Long> expected = new HashMap<>();
    private final List<Sent> sent = new java.util.ArrayList<>();
    private int next;

    /** Where a request record landed, and the "requestId/personidentifikator" outcomes it must cause. */
    public record Sent(int partition, long offset, List<String> outcomeKeys) {
    }

    public RequestProducer(String topic) {
        this(TestBroker.bootstrapServers(), topic);
    }

    /** A producer on another broker than the embedded one (e.g. a broker the test restarts). */
    public RequestProducer(String bootstrapServers, String topic) {
        this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic);
    }

    /** A producer with client settings of its own (e.g. a secured broker's bootstrap servers and SASL settings). */
    public RequestProducer(Map<String, Object> client, String topic) {
        this.topic = topic;
        Properties config = new Properties();
        config.putAll(client);
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    public void send(String requestId, List<String> ids, String correlationId) throws Exception {
        String value = "{\"requestId\":\"" + requestId + "\",\"personidentifikatorer\":["
                + ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",")) + "]}";
        var record = new ProducerRecord<String, String>(topic, null, value);
        if (correlationId != null) {
            record.headers().add("correlation-id", correlationId.getBytes(StandardCharsets.UTF_8));
        }
        RecordMetadata metadata = producer.send(record).get();
        List<String> keys = ids.stream().map(id -> requestId + "/" + id).toList();
        keys.forEach(key -> expected.merge(key, 1L, Long::sum));
        sent.add(new Sent(metadata.partition(), metadata.offset(), keys));
    }

    /** Records of 1 to 25 ids as arrays, single-id objects and bare ids; some without requestId. */
    public void sendInMixedForms(List<String> ids, Random random) throws Exception {
        int i = 0;
        while (i < ids.size()) {
            int form = random.nextInt(3);
            if (form == 0) {
                int size = Math.min(ids.size() - i, 1 + random.nextInt(25));
                send("r-" + next++, ids.subList(i, i + size), null);
                i += size;
            } else if (form == 1) {
                send("r-" + next++, List.of(ids.get(i++)), null);
            } else {
                String id = ids.get(i++);
                RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, id, id)).get();
                String key = topic + "-" + metadata.partition() + "-" + metadata.offset() + "/" + id;
                expected.merge(key, 1L, Long::sum);
                sent.add(new Sent(metadata.partition(), metadata.offset(), List.of(key)));
            }
        }
    }

    public void sendRaw(String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, null, value)).get();
    }

    public Map<String, Long> expected() {
        return expected;
    }

    public List<Sent> sent() {
        return sent;
    }
}
