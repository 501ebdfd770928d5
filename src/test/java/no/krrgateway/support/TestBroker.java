// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** One real single-node KRaft broker per test JVM, started on first use. */
public final class TestBroker {

    private static EmbeddedKafkaKraftBroker broker;

    private TestBroker() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            broker = new EmbeddedKafkaKraftBroker(1, 1);
            broker.brokerProperty("auto.create.topics.enable", "false");
            broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
            // one broker: exactly-once delivery's transactions need a transaction log it can hold
            broker.brokerProperty("transaction.state.log.replication.factor", "1");
            broker.brokerProperty("transaction.state.log.min.isr", "1");
            broker.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
        }
        return broker.getBrokersAsString();
    }

    /** Creates the five gateway topics under a prefix, so tests do not see each other's records. */
    public static Topics createTopics(String prefix, int requestPartitions) {
        Topics topics = Topics.named(prefix);
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(
                    new NewTopic(topics.requests(), requestPartitions, (short) 1),
                    new NewTopic(topics.results(), 3, (short) 1),
                    new NewTopic(topics.notifiable(), 3, (short) 1),
                    new NewTopic(topics.errors(), 3, (short) 1),
                    new NewTopic(topics.completed(), 3, (short) 1),
                    new NewTopic(topics.evidence(), 3, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test topics", e);
        }
        return topics;
    }

    /** Creates one more topic, such as a tenant's request topic ({@code gateway.tenants.<org>.request-topics}). */
    public static String createTopic(String name, int partitions) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test topic " + name, e);
        }
        return name;
    }

    /** A consumer group's committed offsets (with their metadata), as the broker has them now. */
    public static Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            // the admin client's map may hold null for a partition without a commit
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().forEach((partition, offset) -> {
                if (offset != null) {
                    offsets.put(partition, offset);
                }
            });
            return offsets;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the committed offsets of group " + group, e);
        }
    }

    /** The gateway's topic names for one test. */
    public record Topics(String requests, String results, String notifiable, String errors, String completed,
                         String evidence) {
        public static Topics named(String prefix) {
            return new Topics(prefix + ".requests", prefix + ".results", prefix + ".notifiable", prefix + ".errors",
                    prefix + ".completed", prefix + ".evidence");
        }

        public Map<String, Object> asProperties() {
            return Map.of("gateway.topics.requests", requests, "gateway.topics.results", results,
                    "gateway.topics.notifiable", notifiable, "gateway.topics.errors", errors,
                    "gateway.topics.completed", completed, "gateway.topics.evidence", evidence);
        }
    }
}
