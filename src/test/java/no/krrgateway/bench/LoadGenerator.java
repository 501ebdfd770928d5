// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import no.krrgateway.support.TestBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The load: request records of {@code idsPerRecord} ids, sent either with at most {@code window} ids outstanding
 * (sent and not yet answered: a fixed number of callers waiting for their answers, which saturates the gateway
 * without an unbounded queue) or at a fixed rate. Each record carries its send time ({@link System#nanoTime()}) in
 * the {@code correlation-id} header, which the gateway copies onto every outcome; a consumer of the outcome topics
 * takes "answered" as the moment it reads an outcome, so the latency is request produced -> outcome readable
 * downstream (written with acks=all, so acknowledged by the broker).
 */
final class LoadGenerator implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String requestTopic;
    private final List<String> ids;
    private final int idsPerRecord;
    private final AtomicLong sentIds = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong answeredBytes = new AtomicLong();
    private final List<byte[]> sample = new ArrayList<>();
    private final Thread sender;
    private final Thread reader;
    private volatile boolean running = true;
    private volatile boolean measuring;
    private long[] latencies = new long[1 << 16];
    private int latencyCount;
    private long measuredAnswers;
    private long measuredBytes;

    /** @param window most ids outstanding, or 0 for a fixed rate of {@code idsPerSecond} */
    LoadGenerator(String requestTopic, List<String> outcomeTopics, List<String> ids, int idsPerRecord, int window,
                  double idsPerSecond) {
        this.requestTopic = requestTopic;
        this.ids = ids;
        this.idsPerRecord = idsPerRecord;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        // as a downstream reader of exactly-once outcomes: only committed transactions count as answered
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : outcomeTopics) {
            consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        sender = new Thread(() -> send(window, idsPerSecond), "bench-load");
        reader = new Thread(this::read, "bench-outcomes");
        reader.start();
        sender.start();
    }

    private void send(int window, double idsPerSecond) {
        long records = 0;
        long started = System.nanoTime();
        int next = 0;
        while (running) {
            if (window > 0) {
                if (sentIds.get() - answered.get() + idsPerRecord > window) {
                    LockSupport.parkNanos(200_000);
                    continue;
                }
            } else {
                long due = started + (long) (records * idsPerRecord * 1e9 / idsPerSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
            }
            StringBuilder value = new StringBuilder(20 + idsPerRecord * 14)
                    .append("{\"requestId\":\"b-").append(records).append("\",\"personidentifikatorer\":[");
            for (int i = 0; i < idsPerRecord; i++) {
                value.append(i == 0 ? "\"" : ",\"").append(ids.get(next)).append('"');
                next = (next + 1) % ids.size();
            }
            value.append("]}");
            ProducerRecord<String, String> record = new ProducerRecord<>(requestTopic, null, value.toString());
            record.headers().add("correlation-id",
                    Long.toString(System.nanoTime()).getBytes(StandardCharsets.US_ASCII));
            sentIds.addAndGet(idsPerRecord);
            producer.send(record);
            records++;
        }
    }

    private void read() {
        while (running) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                long now = System.nanoTime();
                answered.incrementAndGet();
                answeredBytes.addAndGet(record.value().length);
                if (!measuring) {
                    continue;
                }
                Header stamp = record.headers().lastHeader("correlation-id");
                synchronized (this) {
                    measuredAnswers++;
                    measuredBytes += record.value().length;
                    if (stamp != null) {
                        if (latencyCount == latencies.length) {
                            latencies = java.util.Arrays.copyOf(latencies, latencies.length * 2);
                        }
                        latencies[latencyCount++] = now - parse(stamp.value());
                    }
                    if (sample.size() < 2000) {
                        sample.add(record.value());
                    }
                }
            }
        }
    }

    private static long parse(byte[] digits) {
        long value = 0;
        for (byte b : digits) {
            value = value * 10 + (b - '0');
        }
        return value;
    }

    /** Starts counting answers and latencies (after a warm-up). */
    synchronized void startMeasuring() {
        measuring = true;
    }

    /** Stops counting; returns what was measured since {@link #startMeasuring()}. */
    synchronized Measured stopMeasuring() {
        measuring = false;
        long[] sorted = java.util.Arrays.copyOf(latencies, latencyCount);
        java.util.Arrays.sort(sorted);
        return new Measured(measuredAnswers, measuredBytes, percentile(sorted, 0.50), percentile(sorted, 0.99),
                List.copyOf(sample));
    }

    long answered() {
        return answered.get();
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** Answers counted, their bytes, latency p50/p99 in ms, and a sample of outcome values. */
    record Measured(long answers, long bytes, double p50Ms, double p99Ms, List<byte[]> sample) {
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sender.join();
        reader.join();
        producer.close();
        consumer.close();
    }
}
