// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import no.krrgateway.krr.SignedAnswers.SignedAnswersProperties;
import no.krrgateway.tenant.Tenants;
import org.apache.camel.spi.Registry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Topics' partitions; missing ones are created as the context is built, before routes start (check reports them). */
@Configuration(proxyBeanMethods = false)
public class KafkaTopics {

    private static final Logger log = LoggerFactory.getLogger(KafkaTopics.class);
    /** As docs/evidence.md ("Topic settings") asks. */
    private static final Map<String, String> EVIDENCE_TOPIC = Map.of("cleanup.policy", "compact",
            "retention.ms", "-1", "max.message.bytes", "4194304");

    /** Existing topics are left as they are; another instance creating one at the same time is no failure. */
    @Bean
    // an API-only instance (gateway.kafka.enabled=false) has no broker to create topics on
    @ConditionalOnExpression("${gateway.kafka.create-topics:false} and ${gateway.kafka.enabled:true}")
    List<String> createdTopics(KafkaClusterProbe probe, KafkaChannelProperties.Topics topics,
                               KafkaChannelProperties kafka, SignedAnswersProperties signedAnswers, Tenants tenants,
                               @Value("${camel.main.auto-startup:true}") boolean routesStart) throws Exception {
        if (kafka.topicPartitions() < kafka.consumers()) {
            throw new IllegalStateException("gateway.kafka.topic-partitions (" + kafka.topicPartitions()
                    + ") is less than gateway.kafka.consumers (" + kafka.consumers() + "): consumers would sit idle");
        }
        if (!routesStart) {
            return List.of();
        }
        Collection<String> names = tenants.withTenantTopics(topics.byProperty(signedAnswers.keep())).values();
        try {
            Map<String, Integer> existing = partitions(probe, names);
            List<NewTopic> missing = names.stream().distinct().filter(name -> !existing.containsKey(name))
                    .map(name -> new NewTopic(name, kafka.topicPartitions(), (short) kafka.topicReplication())
                            .configs(name.equals(topics.evidence()) ? EVIDENCE_TOPIC : Map.of()))
                    .toList();
            List<String> created = List.copyOf(answers(probe, probe.admin().createTopics(missing).values(),
                    TopicExistsException.class).keySet());
            if (!created.isEmpty()) {
                log.info("Created topics {} with {} partitions each (gateway.kafka.create-topics)", created,
                        kafka.topicPartitions());
            }
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException("gateway.kafka.create-topics: the broker refused to create the topics ("
                    + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage() + "); check "
                    + "gateway.kafka.topic-replication against the number of brokers, and the client's ACLs", e);
        }
    }

    public static Map<String, Integer> partitions(KafkaClusterProbe probe, Collection<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Integer> found = new LinkedHashMap<>();
        answers(probe, probe.admin().describeTopics(Set.copyOf(names)).topicNameValues(),
                UnknownTopicOrPartitionException.class)
                .forEach((name, topic) -> found.put(name, topic.partitions().size()));
        return found;
    }

    /**
     * A producer's batch.size at most its topics' max.message.bytes: the broker refuses a batch over it, which the
     * producer splits into batches of batch.size, the same again, until a StackOverflowError ends it (PoisonRecordIT).
     */
    public static void fitBatches(Registry beans, Properties producer) {
        KafkaClusterProbe probe = beans.findSingleByType(KafkaClusterProbe.class); // none without a Kafka channel
        KafkaChannelProperties.Topics written = beans.findSingleByType(KafkaChannelProperties.Topics.class);
        if (probe == null || written == null) {
            return;
        }
        var topics = Stream.of(written.results(), written.notifiable(), written.errors(), written.completed())
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
        try {
            int smallest = probe.get(probe.admin().describeConfigs(topics).all()).values().stream().mapToInt(config
                    -> Integer.parseInt(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value())).min().orElseThrow();
            if (smallest < Integer.parseInt(String.valueOf(producer.getOrDefault(ProducerConfig.BATCH_SIZE_CONFIG,
                    16_384)))) { // Kafka's default
                log.info("Producer batch.size lowered to {}, the outcome topics' smallest max.message.bytes", smallest);
                producer.put(ProducerConfig.BATCH_SIZE_CONFIG, smallest);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("Producer batch.size left as set, the outcome topics' max.message.bytes unread: {}", e.toString());
        }
    }

    /** Each topic's answer, in order, leaving out those that failed with {@code expected}. */
    private static <T> Map<String, T> answers(KafkaClusterProbe probe, Map<String, KafkaFuture<T>> futures,
                                              Class<? extends Exception> expected)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, T> answers = new LinkedHashMap<>();
        for (var topic : futures.entrySet()) {
            try {
                answers.put(topic.getKey(), probe.get(topic.getValue()));
            } catch (ExecutionException e) {
                if (!expected.isInstance(e.getCause())) {
                    throw e;
                }
            }
        }
        return answers;
    }
}
