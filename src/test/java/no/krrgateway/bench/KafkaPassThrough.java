// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Scenario b's baseline, run as its own JVM: a plain kafka-clients consumer -> producer doing the gateway's Kafka work
 * and nothing else. It reads the same request records, and for each id in a record writes one record of the
 * gateway's mean outcome size to the results topic (plus, at the gateway's rate, a copy to the notifiable topic), with
 * the correlation-id header copied; like the gateway it waits for every acknowledgement (acks=all, idempotent,
 * linger 5 ms) before committing the batch's offsets, and uses as many consumer threads and the same max.poll.records.
 * Arguments: {@code --key=value} with brokers, group, requests, results, notifiable, consumers, max-poll-records,
 * value-size, notifiable-fraction.
 */
public final class KafkaPassThrough {

    private KafkaPassThrough() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, a.get("brokers"));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // The gateway's producer settings (config/application.yml, camel.component.kafka.*), so that the ratio
        // measures the gateway's own work rather than a different producer.
        p.put(ProducerConfig.LINGER_MS_CONFIG, a.getOrDefault("linger-ms", "5"));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, a.getOrDefault("compression", "none"));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, a.getOrDefault("batch-size", "16384"));
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer());
        List<byte[]> values = values(a);
        double notifiable = Double.parseDouble(a.get("notifiable-fraction"));
        int consumers = Integer.parseInt(a.get("consumers"));
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            Thread thread = new Thread(() -> copy(a, producer, values, notifiable), "pass-through-" + i);
            thread.start();
            threads.add(thread);
        }
        new CountDownLatch(1).await();
    }

    /**
     * The record values: the gateway's own outcomes from the same run (one JSON per line of {@code values-file}),
     * so that compression meets the same data; else {@code value-size} bytes of filler.
     */
    private static List<byte[]> values(Map<String, String> a) throws java.io.IOException {
        if (a.containsKey("values-file")) {
            List<byte[]> values = java.nio.file.Files.readAllLines(java.nio.file.Path.of(a.get("values-file"))).stream()
                    .filter(line -> !line.isBlank())
                    .map(line -> line.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList();
            if (!values.isEmpty()) {
                return values;
            }
        }
        byte[] value = new byte[Integer.parseInt(a.get("value-size"))];
        java.util.Arrays.fill(value, (byte) 'x');
        return List.of(value);
    }

    private static void copy(Map<String, String> a, KafkaProducer<byte[], byte[]> producer, List<byte[]> values,
                             double notifiableFraction) {
        int next = 0;
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, a.get("brokers"));
        c.put(ConsumerConfig.GROUP_ID_CONFIG, a.get("group"));
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, a.get("max-poll-records"));
        double owed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(a.get("requests")));
            while (true) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    byte[] key = new byte[11];
                    int ids = countIds(record.value());
                    for (int i = 0; i < ids; i++) {
                        byte[] value = values.get(next++ % values.size());
                        var out = new ProducerRecord<>(a.get("results"), key, value);
                        record.headers().forEach(h -> out.headers().add(h));
                        sent.add(producer.send(out));
                        owed += notifiableFraction;
                        if (owed >= 1) {
                            owed -= 1;
                            var copy = new ProducerRecord<>(a.get("notifiable"), key, value);
                            record.headers().forEach(h -> copy.headers().add(h));
                            sent.add(producer.send(copy));
                        }
                    }
                }
                for (var future : sent) {
                    future.get();
                }
                consumer.commitSync();
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Ids in a request {@code {"requestId":"..","personidentifikatorer":[ids]}}: as many as its commas. */
    private static int countIds(byte[] value) {
        int commas = 0;
        for (byte b : value) {
            if (b == ',') {
                commas++;
            }
        }
        return commas;
    }
}
