// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import no.krrgateway.support.TestBroker;
import org.apache.camel.component.kafka.consumer.support.subcription.TopicInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Issue 25: a batch whose consumer is rejoining the group when it commits. Consumers a and c share a topic; b joins,
 * and c stays busy (does not poll), so the rebalance waits for it. Meanwhile a polls (sending its JoinGroup, and
 * still getting records, as a cooperative rebalance allows), and Kafka refuses a's commit with
 * RebalanceInProgressException: the refusal that made such a batch be done again. Through
 * {@link OwnedRecords#commit} the same commit waits, with a's partitions paused, until c comes
 * back and the rebalance ends; the partition a loses gets the batch's offset committed before it goes, the other
 * after, and a takes no record meanwhile.
 */
class CommitAcrossRebalanceIT {

    private static final String GROUP = "commit-across-rebalance";

    @Test
    void commitWhileTheConsumerRejoins_refusedByKafka_committedAcrossTheRebalance() throws Exception {
        var topics = TestBroker.createTopics("across", 3);
        String topic = topics.requests();
        try (var producer = new KafkaProducer<String, String>(producerConfig())) {
            for (int partition = 0; partition < 3; partition++) {
                for (int n = 0; n < 20; n++) {
                    producer.send(new ProducerRecord<>(topic, partition, null, "r" + n)).get();
                }
            }
        }
        PartitionOwnership ownership = new PartitionOwnership(new SimpleMeterRegistry(), 1);
        List<TopicPartition> revokedFromA = new ArrayList<>();
        try (var a = consumer("a"); var b = consumer("b"); var c = consumer("c")) {
            // a takes the three partitions, then c one of them
            ownership.subscribe(a, listener(revokedFromA), new TopicInfo(null, topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                a.poll(Duration.ofMillis(50));
                return a.assignment().size() == 3;
            });
            ownership.subscribe(c, listener(new ArrayList<>()), new TopicInfo(null, topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                a.poll(Duration.ofMillis(50));
                c.poll(Duration.ofMillis(50));
                return a.assignment().size() == 2 && c.assignment().size() == 1;
            });
            revokedFromA.clear();
            // c now stays away from poll (a long batch): the rebalance b starts waits for it
            ownership.subscribe(b, listener(new ArrayList<>()), new TopicInfo(null, topic));
            b.poll(Duration.ofMillis(200));

            // a hears of the rebalance, rejoins on a poll that still hands it records, and its commit is refused
            Map<TopicPartition, OffsetAndMetadata> batch = new HashMap<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                b.poll(Duration.ofMillis(50)); // until its JoinGroup is in
                a.poll(Duration.ofMillis(50));
                batch.clear();
                a.assignment().forEach(partition -> batch.put(partition, new OffsetAndMetadata(a.position(partition))));
                try {
                    a.commitSync(batch);
                    return false;
                } catch (RebalanceInProgressException refused) {
                    return true;
                }
            });
            int owned = batch.size();

            AtomicBoolean done = new AtomicBoolean();
            CompletableFuture<Void> others = CompletableFuture.runAsync(() -> {
                while (!done.get()) {
                    c.poll(Duration.ofMillis(50)); // c's batch ends: it rejoins
                    b.poll(Duration.ofMillis(50));
                }
            });
            Map<TopicPartition, OffsetAndMetadata> committedBeforeRevoke = new HashMap<>();
            Map<TopicPartition, Long> positions = new HashMap<>();
            batch.keySet().forEach(partition -> positions.put(partition, a.position(partition)));
            try {
                OwnedRecords.commit(a, Duration.ofSeconds(60), batch, () -> a.commitSync(batch), going -> {
                    a.commitSync(going);
                    committedBeforeRevoke.putAll(going);
                });
            } finally {
                done.set(true);
                others.get();
            }

            Map<TopicPartition, OffsetAndMetadata> committed = TestBroker.committedOffsets(GROUP);
            assertThat(revokedFromA).as("b takes one of a's partitions").isNotEmpty();
            assertThat(committedBeforeRevoke).as("the partition a loses, committed before it goes")
                    .containsOnlyKeys(revokedFromA);
            positions.forEach((partition, position) -> assertThat(committed.get(partition).offset())
                    .as("the batch's offset of " + partition).isEqualTo(position));
            assertThat(owned).isEqualTo(positions.size());
            a.assignment().forEach(partition -> assertThat(a.position(partition))
                    .as("a took no record of " + partition + " while it waited").isEqualTo(positions.get(partition)));
            assertThat(a.paused()).as("a resumed").isEmpty();
        }
    }

    private static ConsumerRebalanceListener listener(Collection<TopicPartition> revoked) {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                revoked.addAll(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }
        };
    }

    private static KafkaConsumer<String, String> consumer(String name) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, GROUP + "-" + name);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2");
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "300");
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(config);
    }

    private static Properties producerConfig() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return config;
    }
}
