// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import no.krrgateway.KrrGatewayApplication;
import no.krrgateway.simulator.SimulatorStats;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.ConsumerGroupState;

/**
 * One measured run through Kafka: topics of its own, a JVM (the gateway, or the bare pass-through), the load until
 * the consumer group holds every request partition, a warm-up, then a measured window.
 */
final class KafkaScenario {

    /** What one run is: KRR latency, the gateway's knobs, and the load. {@code window} 0 means a fixed rate. */
    record Setup(String name, Duration latency, int batchSize, int maxConcurrentCalls, int consumers, int partitions,
                 int idsPerRecord, int window, double rate, Duration warmup, Duration measure) {

        /** The same setup under another name, e.g. for a run in exactly-once delivery. */
        Setup named(String other) {
            return new Setup(other, latency, batchSize, maxConcurrentCalls, consumers, partitions, idsPerRecord, window,
                    rate, warmup, measure);
        }

        String describe() {
            String load = window > 0 ? "window " + window + " ids" : String.format("%.0f ids/s", rate);
            return String.format("KRR %d ms, batch %d, calls %d, consumers %s, partitions %d, %d id/record, %s",
                    latency.toMillis(), batchSize, maxConcurrentCalls,
                    consumers > 0 ? String.valueOf(consumers) : effectiveConsumers() + " (default)", partitions,
                    idsPerRecord, load);
        }

        /** Consumers 0 leaves the gateway's default (gateway.kafka.consumers, KafkaChannelProperties). */
        int effectiveConsumers() {
            return consumers > 0 ? consumers : GATEWAY_DEFAULT_CONSUMERS;
        }
    }

    /** The measured figures; {@code krrIdsPerSecond} is the rate KRR was asked at (ids in calls / window). */
    record Measured(Setup setup, double idsPerSecond, double krrIdsPerSecond, long krrCalls, double meanBatch,
                    double p50Ms, double p99Ms, long peakHeapMb, long peakRssMb, double meanOutcomeBytes,
                    double notifiableFraction, Path dir, Instant from, Instant to, List<byte[]> sample) {
    }

    /** The gateway's producer settings in config/application.yml (camel.component.kafka.*), for the pass-through. */
    static final String PRODUCER_COMPRESSION = "lz4";
    static final int PRODUCER_BATCH_SIZE = 131072;
    /** gateway.kafka.consumers' default (KafkaChannelProperties), for the setups that leave it and the pass-through. */
    static final int GATEWAY_DEFAULT_CONSUMERS = 2;
    static final int PRODUCER_LINGER_MS = 5;

    private final Bench bench;
    /** Of the last gateway run with signed answers kept: evidence bytes stored per id looked up; else NaN. */
    private double evidenceBytesPerId = Double.NaN;

    KafkaScenario(Bench bench) {
        this.bench = bench;
    }

    Measured gateway(Setup setup) throws Exception {
        return gateway(setup, Map.of());
    }

    /** @param extra gateway properties on top of the setup's, e.g. gateway.kafka.delivery */
    Measured gateway(Setup setup, Map<String, Object> extra) throws Exception {
        SimulatorServer simulator = bench.simulator(setup.latency());
        var topics = TestBroker.createTopics("bench-" + setup.name() + "-" + System.nanoTime(), setup.partitions());
        Path dir = bench.work().resolve(setup.name());
        Map<String, Object> p = new HashMap<>(simulator.gatewayProperties(bench.clientKey()));
        p.putAll(topics.asProperties());
        String group = "bench-" + setup.name() + "-" + System.nanoTime();
        p.put("camel.component.kafka.brokers", TestBroker.bootstrapServers());
        p.put("gateway.kafka.group-id", group);
        p.put("gateway.validation.allow-synthetic", "true");
        p.put("gateway.shutdown-timeout", "2s");
        p.put("gateway.krr.batch-size", setup.batchSize());
        p.put("gateway.krr.max-concurrent-calls", setup.maxConcurrentCalls());
        if (setup.consumers() > 0) {
            p.put("gateway.kafka.consumers", setup.consumers());
        }
        p.put("gateway.files.inbox", dir.resolve("files/inbox"));
        p.put("gateway.files.outbox", dir.resolve("files/outbox"));
        p.put("gateway.files.error", dir.resolve("files/error"));
        p.putAll(extra);
        SimulatorStats stats = simulator.context().getBean(SimulatorStats.class);
        long idsBefore = stats.snapshot().krrIdsRequested();
        try (ChildJvm jvm = ChildJvm.start(dir, "512m", bench.profile(), KrrGatewayApplication.class.getName(), p)) {
            awaitGroup(jvm, group, setup.partitions());
            Measured measured = measure(setup, jvm, stats, topics.requests(),
                    List.of(topics.results(), topics.errors()));
            evidenceBytesPerId = "true".equals(String.valueOf(extra.get("gateway.krr.signed-answers.keep")))
                    ? (double) storedBytes(topics.evidence()) / (stats.snapshot().krrIdsRequested() - idsBefore)
                    : Double.NaN;
            return measured;
        }
    }

    double evidenceBytesPerId() {
        return evidenceBytesPerId;
    }

    /** The bytes the broker holds for a topic (its log segments: compressed batches, as they are kept). */
    private static long storedBytes(String topic) throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            var brokers = admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
            long bytes = 0;
            for (var dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (var dir : dirs.values()) {
                    for (var replica : dir.replicaInfos().entrySet()) {
                        if (replica.getKey().topic().equals(topic)) {
                            bytes += replica.getValue().size();
                        }
                    }
                }
            }
            return bytes;
        }
    }

    /** The bare kafka-clients consumer -> producer, with the outcome size and notifiable share {@code like} had. */
    Measured passThrough(Setup setup, Measured like) throws Exception {
        var topics = TestBroker.createTopics("bench-" + setup.name() + "-" + System.nanoTime(), setup.partitions());
        String group = "bench-" + setup.name() + "-" + System.nanoTime();
        Map<String, Object> p = new HashMap<>();
        p.put("brokers", TestBroker.bootstrapServers());
        p.put("group", group);
        p.put("requests", topics.requests());
        p.put("results", topics.results());
        p.put("notifiable", topics.notifiable());
        p.put("consumers", setup.effectiveConsumers());
        p.put("max-poll-records", 2000);
        p.put("value-size", Math.round(like.meanOutcomeBytes()));
        p.put("notifiable-fraction", like.notifiableFraction());
        Path dir = bench.work().resolve(setup.name());
        // The gateway's outcomes from its own run, and its producer settings (config/application.yml).
        java.nio.file.Files.createDirectories(dir);
        Path values = dir.resolve("outcomes.jsonl");
        java.nio.file.Files.write(values, like.sample().stream()
                .map(v -> new String(v, StandardCharsets.UTF_8).replace("\n", "")).toList());
        p.put("values-file", values.toAbsolutePath());
        p.put("compression", PRODUCER_COMPRESSION);
        p.put("batch-size", PRODUCER_BATCH_SIZE);
        p.put("linger-ms", PRODUCER_LINGER_MS);
        try (ChildJvm jvm = ChildJvm.start(dir, "512m", bench.profile(), KafkaPassThrough.class.getName(), p)) {
            awaitGroup(jvm, group, setup.partitions());
            return measure(setup, jvm, null, topics.requests(), List.of(topics.results()));
        }
    }

    private Measured measure(Setup setup, ChildJvm jvm, SimulatorStats stats, String requests,
                             List<String> outcomes) throws Exception {
        try (LoadGenerator load = new LoadGenerator(requests, outcomes, bench.ids(), setup.idsPerRecord(),
                setup.window(), setup.rate())) {
            Thread.sleep(setup.warmup().toMillis());
            long calls0 = stats == null ? 0 : stats.snapshot().krrCalls();
            long ids0 = stats == null ? 0 : stats.snapshot().krrIdsRequested();
            long t0 = System.nanoTime();
            Instant from = Instant.now();
            load.startMeasuring();
            Thread.sleep(setup.measure().toMillis());
            LoadGenerator.Measured m = load.stopMeasuring();
            double seconds = (System.nanoTime() - t0) / 1e9;
            long calls = stats == null ? 0 : stats.snapshot().krrCalls() - calls0;
            long ids = stats == null ? 0 : stats.snapshot().krrIdsRequested() - ids0;
            long notifiable = m.sample().stream()
                    .filter(v -> new String(v, StandardCharsets.UTF_8).contains("\"notifiable\":true")).count();
            if (!jvm.isAlive()) {
                throw new IllegalStateException(setup.name() + ": the JVM under test died; see " + jvm.dir());
            }
            return new Measured(setup, m.answers() / seconds, ids / seconds, calls,
                    calls == 0 ? 0 : (double) ids / calls, m.p50Ms(), m.p99Ms(), jvm.peakHeapMb(), jvm.peakRssMb(),
                    m.answers() == 0 ? 0 : (double) m.bytes() / m.answers(),
                    m.sample().isEmpty() ? 0 : (double) notifiable / m.sample().size(), jvm.dir(), from,
                    Instant.now(), m.sample());
        }
    }

    /** Waits until the group is stable and its members hold all request partitions (start-up not measured). */
    private static void awaitGroup(ChildJvm jvm, String group, int partitions) throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() < deadline) {
                if (!jvm.isAlive()) {
                    throw new IllegalStateException("the JVM under test died at start-up; see " + jvm.dir());
                }
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                int owned = d.members().stream().map(MemberDescription::assignment)
                        .mapToInt(a -> a.topicPartitions().size()).sum();
                if (owned == partitions && d.state() == ConsumerGroupState.STABLE) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the consumer group " + group + " never held all partitions; see "
                + jvm.dir());
    }
}
