// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads topics from their start on a thread of its own, as a downstream consumer would, until closed. */
final class TopicPoller implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final Thread poller;

    /**
     * @param readCommitted read as exactly-once's downstream does: only committed transactions' records
     * @param sink          gets each poll's records, on the poller's thread, unless there are none
     */
    TopicPoller(String name, boolean readCommitted, String bootstrapServers, List<String> topics,
                Consumer<ConsumerRecords<String, String>> sink) {
        Properties config = new Properties();
        if (readCommitted) {
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, name + "-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(topics);
        poller = new Thread(() -> pollUntilClosed(sink), name);
        poller.setDaemon(true);
        poller.start();
    }

    private void pollUntilClosed(Consumer<ConsumerRecords<String, String>> sink) {
        try {
            while (true) {
                var records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    sink.accept(records);
                }
            }
        } catch (WakeupException closing) {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        poller.join(10_000);
    }
}
