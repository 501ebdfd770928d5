// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/** Answers (failures too) are reused for a while, so a broker outage never piles up waiting probe threads. */
public class KafkaClusterProbe implements AutoCloseable {

    public record Cluster(String clusterId, int nodes, String problem) {
        public boolean reachable() {
            return problem == null;
        }
    }

    private final Supplier<Properties> clientProperties;
    private final KafkaProbeProperties settings;
    private final Clock clock;
    private final Object clusterLock = new Object();
    private Admin admin;
    private Answer<Cluster> cluster;
    /** Per group and topic: each tenant's request topic has its own gauge. */
    private final Map<List<String>, Answer<Long>> lags = new ConcurrentHashMap<>();

    private record Answer<T>(T value, Instant at) {
    }

    public KafkaClusterProbe(Supplier<Properties> clientProperties, KafkaProbeProperties settings, Clock clock) {
        this.clientProperties = clientProperties;
        this.settings = settings;
        this.clock = clock;
    }

    public Cluster cluster() {
        synchronized (clusterLock) {
            cluster = fresh(cluster, this::describeCluster);
            return cluster.value();
        }
    }

    /** Records of {@code topic} that {@code groupId} has not committed yet; -1 when the broker did not answer. */
    public long lag(String groupId, String topic) {
        return lags.compute(List.of(groupId, topic), (key, lag) -> fresh(lag, () -> computeLag(groupId, topic)))
                .value();
    }

    /** Reused until {@code gateway.kafka.probe.cache-for} has passed since it came. */
    private <T> Answer<T> fresh(Answer<T> answer, Supplier<T> ask) {
        return answer != null && clock.instant().isBefore(answer.at().plus(settings.cacheFor())) ? answer
                : new Answer<>(ask.get(), clock.instant());
    }

    /** The admin's calls time out by its default.api.timeout.ms, the probe's timeout ({@link #admin}). */
    private Cluster describeCluster() {
        try {
            var described = admin().describeCluster();
            int nodes = get(described.nodes()).size();
            return new Cluster(get(described.clusterId()), nodes, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Cluster(null, 0, "interrupted");
        } catch (Exception e) {
            return new Cluster(null, 0, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private long computeLag(String groupId, String topic) {
        try {
            Admin client = admin();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            get(client.describeTopics(Set.of(topic)).allTopicNames()).get(topic).partitions().forEach(p -> {
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
            });
            Map<TopicPartition, ListOffsetsResultInfo> ends = get(client.listOffsets(latest).all());
            Map<TopicPartition, ListOffsetsResultInfo> starts = get(client.listOffsets(earliest).all());
            Map<TopicPartition, OffsetAndMetadata> committed = get(client.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata());
            long total = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                // A new group starts from the earliest offset by default (contract §1): an uncommitted partition
                // lags fully.
                long from = done != null ? done.offset() : starts.get(end.getKey()).offset();
                total += Math.max(0, end.getValue().offset() - from);
            }
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private <T> T get(KafkaFuture<T> answer) throws Exception {
        return answer.get(timeoutMs(), TimeUnit.MILLISECONDS);
    }

    public synchronized Admin admin() {
        if (admin == null) {
            Properties all = clientProperties.get();
            Properties config = new Properties();
            Set<String> known = AdminClientConfig.configNames();
            all.forEach((name, value) -> {
                if (known.contains(name.toString())) {
                    config.put(name.toString(), value);
                }
            });
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "krr-gateway-probe");
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs());
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs());
            admin = Admin.create(config);
        }
        return admin;
    }

    private int timeoutMs() {
        return (int) settings.timeout().toMillis();
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(1));
        }
    }
}
