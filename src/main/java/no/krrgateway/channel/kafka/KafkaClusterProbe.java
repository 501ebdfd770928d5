// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Answers (failures too) are reused for a while, so a broker outage never piles up waiting probe threads. */
public class KafkaClusterProbe implements AutoCloseable {

    /**
     * @param timeout  longest wait for the broker's answer
     * @param cacheFor how long an answer is reused
     */
    @Validated
    @ConfigurationProperties("gateway.kafka.probe")
    public record Settings(@NotNull @DefaultValue("3s") Duration timeout,
                           @NotNull @DefaultValue("10s") Duration cacheFor) {
    }

    public record Cluster(String clusterId, int nodes, String problem) {
        public boolean reachable() {
            return problem == null;
        }
    }

    private record Answer(Object value, Instant at) {
    }

    private final Supplier<Properties> clientProperties;
    private final Settings settings;
    private final Clock clock;
    /** Per question: the cluster, and the lag per group and topic (each tenant's request topic has its own gauge). */
    private final Map<List<String>, Answer> answers = new ConcurrentHashMap<>();
    private Admin admin;

    public KafkaClusterProbe(Supplier<Properties> clientProperties, Settings settings, Clock clock) {
        this.clientProperties = clientProperties;
        this.settings = settings;
        this.clock = clock;
    }

    public Cluster cluster() {
        return (Cluster) ask(List.of(), () -> {
            var described = admin().describeCluster();
            return new Cluster(get(described.clusterId()), get(described.nodes()).size(), null);
        }, problem -> new Cluster(null, 0, problem));
    }

    /** Records of {@code topic} that {@code groupId} has not committed yet; -1 when the broker did not answer. */
    public long lag(String groupId, String topic) {
        return (Long) ask(List.of(groupId, topic), () -> computeLag(groupId, topic), problem -> -1L);
    }

    private Object ask(List<String> question, Callable<Object> call, Function<String, Object> failed) {
        return answers.compute(question, (key, answer) -> answer != null
                && clock.instant().isBefore(answer.at().plus(settings.cacheFor())) ? answer
                : new Answer(answer(call, failed), clock.instant())).value();
    }

    private static Object answer(Callable<Object> call, Function<String, Object> failed) {
        try {
            return call.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed.apply("interrupted");
        } catch (Exception e) {
            return failed.apply(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private long computeLag(String groupId, String topic) throws Exception {
        List<TopicPartition> partitions = get(admin().describeTopics(Set.of(topic)).allTopicNames()).get(topic)
                .partitions().stream().map(partition -> new TopicPartition(topic, partition.partition())).toList();
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, OffsetAndMetadata> committed = get(admin().listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata());
        // A new group starts from the earliest offset by default (contract §1): an uncommitted partition lags fully.
        return partitions.stream().mapToLong(partition -> Math.max(0, ends.get(partition)
                - (committed.get(partition) != null ? committed.get(partition).offset() : starts.get(partition))))
                .sum();
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        var offsets = get(admin().listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> spec))).all());
        return offsets.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** The admin's calls time out by its default.api.timeout.ms, the probe's timeout ({@link #admin}). */
    <T> T get(KafkaFuture<T> answer) throws InterruptedException, ExecutionException, TimeoutException {
        return answer.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized Admin admin() {
        if (admin == null) {
            Properties config = clientProperties.get(); // a copy of the component's, made for each call
            config.keySet().retainAll(AdminClientConfig.configNames());
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "krr-gateway-probe");
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) settings.timeout().toMillis());
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) settings.timeout().toMillis());
            admin = Admin.create(config);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
