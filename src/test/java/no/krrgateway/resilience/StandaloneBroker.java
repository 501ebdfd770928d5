// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.resilience;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import no.krrgateway.support.TestBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker in its own JVM (kafka_2.13 from the test classpath), so a test can kill it and start it
 * again on the same port and log directory, which the in-process embedded broker cannot do.
 */
final class StandaloneBroker implements AutoCloseable {

    private final Path folder;
    private final Path config;
    private final int port;
    private Process process;
    private int starts;

    private StandaloneBroker(Path folder) {
        this.folder = folder.toAbsolutePath();
        this.config = this.folder.resolve("server.properties");
        this.port = Harness.freePort();
    }

    /** Writes the configuration, formats the log directory and starts the broker. */
    static StandaloneBroker start(Path folder) throws Exception {
        StandaloneBroker broker = new StandaloneBroker(folder);
        broker.format();
        broker.start();
        return broker;
    }

    private void format() throws Exception {
        int controllerPort = Harness.freePort();
        if (Files.exists(folder)) {
            try (var old = Files.walk(folder)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(folder);
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@localhost:" + controllerPort,
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + folder.resolve("data"),
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0", ""));
        Files.writeString(folder.resolve("logback.xml"), """
                <configuration>
                  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="out"/></root>
                </configuration>
                """);
        Process formatting = java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", config.toString()).redirectOutput(folder.resolve("format.log").toFile()).start();
        if (!formatting.waitFor(60, TimeUnit.SECONDS) || formatting.exitValue() != 0) {
            throw new IllegalStateException("kafka-storage format failed: see " + folder.resolve("format.log"));
        }
    }

    /** Starts the broker process and waits until it answers. */
    void start() throws Exception {
        process = java("kafka.Kafka", config.toString())
                .redirectOutput(folder.resolve("broker-" + ++starts + ".log").toFile()).start();
        org.awaitility.Awaitility.await("the broker answering (log: " + folder + ")")
                .atMost(java.time.Duration.ofSeconds(90)).pollInterval(java.time.Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the broker exited: see " + folder);
                    }
                    try (Admin admin = admin()) {
                        admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                        return true;
                    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException notYet) {
                        return false;
                    }
                });
    }

    /** SIGKILL: no controlled shutdown; the log is recovered on the next start. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    TestBroker.Topics createTopics(String prefix, int requestPartitions) throws Exception {
        var topics = TestBroker.Topics.named(prefix);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topics.requests(), requestPartitions, (short) 1),
                    new NewTopic(topics.results(), 3, (short) 1), new NewTopic(topics.notifiable(), 3, (short) 1),
                    new NewTopic(topics.errors(), 3, (short) 1),
                    new NewTopic(topics.completed(), 3, (short) 1))).all().get();
        }
        return topics;
    }

    private Admin admin() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        return Admin.create(properties);
    }

    private ProcessBuilder java(String mainClass, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(Harness.java(), "-Xmx512m",
                "-Dlogback.configurationFile=" + folder.resolve("logback.xml"),
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
