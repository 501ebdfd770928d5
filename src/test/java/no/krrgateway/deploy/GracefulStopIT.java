// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.FileSystemResource;

/**
 * A SIGTERM while every consumer's batch is stuck in a KRR call (KRR holds every call): the process exits within
 * {@link #stopBound}, the rule the manifests' terminationGracePeriodSeconds is sized by (KubernetesManifestsTest), and
 * its consumers leave the group as they stop, so the partitions move at once, not after the session timeout.
 * <p>
 * Camel waits {@code gateway.shutdown-timeout} for the batches, then stops the consumer, and camel-kafka waits its
 * {@code shutdown-timeout} for each consumer thread and again for their pool before it interrupts them
 * (KafkaConsumer.doStop, KafkaFetchRecords.safeStop) when that stop is not itself interrupted, which is a race (3 of
 * the 8 stops measured here). With camel-kafka's 30 s that took 51.6 s with one consumer and a 2 s
 * gateway.shutdown-timeout.
 */
public class GracefulStopIT {

    /** Spring, Tomcat and the JVM's own exit after Camel has stopped (measured: under 1.5 s). */
    static final Duration REST_OF_THE_STOP = Duration.ofSeconds(5);

    /**
     * How long a stop can take with batches stuck: docs/operations.md, "Deploy on Kubernetes/OpenShift". With the API
     * on, Tomcat first lets the requests in flight end, which takes up to {@code gateway.api.timeout} (ZERO if off).
     */
    public static Duration stopBound(Duration apiTimeout, Duration shutdownTimeout, int consumers,
                                     Duration kafkaShutdownTimeout) {
        return apiTimeout.plus(shutdownTimeout).plus(kafkaShutdownTimeout.multipliedBy(consumers + 1L))
                .plus(REST_OF_THE_STOP);
    }

    /** {@link #stopBound} with the jar's defaults and the API on (gateway.api.timeout, the others as they are). */
    public static Duration stopBoundWithDefaults() throws java.io.IOException {
        var metadata = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                Path.of("target/classes/META-INF/spring-configuration-metadata.json").toFile()).path("properties");
        Map<String, String> defaults = new HashMap<>();
        metadata.forEach(p -> defaults.put(p.path("name").asText(), p.path("defaultValue").asText()));
        return stopBound(DurationStyle.detectAndParse(defaults.get("gateway.api.timeout")),
                DurationStyle.detectAndParse(defaults.get("gateway.shutdown-timeout")),
                Integer.parseInt(defaults.get("gateway.kafka.consumers")), kafkaShutdownTimeout());
    }

    /** camel.component.kafka.shutdown-timeout as the jar sets it (camel-kafka's own default otherwise). */
    public static Duration kafkaShutdownTimeout() {
        var yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new FileSystemResource("target/classes/config/application.yml"));
        return Duration.ofMillis(Long.parseLong(yaml.getObject()
                .getProperty("camel.component.kafka.shutdown-timeout", "30000")));
    }

    @Test
    void sigtermWithBatchesStuckInKrr_exitsWithinTheBound_andTheConsumersLeaveTheGroup() throws Exception {
        var topics = TestBroker.createTopics("graceful-stop", 2);
        String group = "graceful-stop";
        Duration shutdownTimeout = Duration.ofSeconds(2);
        int consumers = 2;
        Duration bound = stopBound(Duration.ZERO, shutdownTimeout, consumers, kafkaShutdownTimeout());
        try (var simulator = SimulatorServer.start(Map.of())) {
            simulator.faults("{\"hangRate\":1.0,\"hangFor\":\"5m\"}");
            Map<String, Object> properties = new HashMap<>(simulator.gatewayProperties(topics, group));
            properties.put("gateway.shutdown-timeout", shutdownTimeout.toSeconds() + "s");
            properties.put("gateway.kafka.consumers", String.valueOf(consumers));
            Path folder = Files.createTempDirectory("graceful-stop");
            properties.put("gateway.files.inbox", folder.resolve("inbox").toString());
            properties.put("gateway.files.outbox", folder.resolve("outbox").toString());
            properties.put("gateway.files.error", folder.resolve("error").toString());
            Process gateway = GatewayProcess.startJvm(properties, folder.resolve("gateway.log"), "512m");
            try {
                // records on both partitions, so that each consumer has a batch in KRR
                var requests = new RequestProducer(topics.requests());
                for (int n = 0; requests.sent().stream().map(RequestProducer.Sent::partition).distinct().count() < 2;
                     n++) {
                    requests.send("stop-" + n, TestIds.valid(5, n), null);
                }
                await("a KRR call held per consumer").atMost(Duration.ofSeconds(120))
                        .until(() -> simulator.stats().get("hangs").asLong() >= consumers);

                long start = System.nanoTime();
                gateway.destroy();
                assertThat(gateway.waitFor(300, TimeUnit.SECONDS)).as("exited").isTrue();
                Duration stop = Duration.ofNanos(System.nanoTime() - start);
                long exited = System.nanoTime();
                await("the group empty").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> members(group) == 0);
                Duration empty = Duration.ofNanos(System.nanoTime() - exited);
                System.out.printf("graceful stop: %d consumers stuck in KRR, shutdown-timeout %s, kafka %s: exited "
                                + "%.1f s after SIGTERM (bound %d s), the group empty %.1f s later%n", consumers,
                        shutdownTimeout, kafkaShutdownTimeout(), stop.toMillis() / 1000.0, bound.toSeconds(),
                        empty.toMillis() / 1000.0);
                assertThat(stop).as("SIGTERM to exit; log: " + folder.resolve("gateway.log")).isLessThan(bound);
                // a consumer that left sends LeaveGroup; one that did not is dropped after the session timeout (45 s)
                assertThat(empty).as("the consumers left the group").isLessThan(Duration.ofSeconds(10));
            } finally {
                gateway.destroyForcibly();
            }
        }
    }

    /**
     * An API request in flight, its KRR call held: Tomcat's graceful shutdown waits for it until gateway.api.timeout
     * answers 503, and only then does Camel's stop begin. Measured: 16.9 s with gateway.api.timeout 15 s and
     * gateway.shutdown-timeout 2 s, so the bound with the API on adds gateway.api.timeout.
     */
    @Test
    void apiRequestInFlight_theStopWaitsForItsAnswerFirst_withinTheBound() throws Exception {
        var topics = TestBroker.createTopics("graceful-api", 1);
        Duration apiTimeout = Duration.ofSeconds(5);
        Duration shutdownTimeout = Duration.ofSeconds(2);
        try (var simulator = SimulatorServer.start(Map.of())) {
            simulator.faults("{\"hangRate\":1.0,\"hangFor\":\"5m\"}");
            Map<String, Object> properties = new HashMap<>(simulator.gatewayProperties(topics, "graceful-api"));
            properties.put("gateway.shutdown-timeout", shutdownTimeout.toSeconds() + "s");
            properties.put("gateway.api.enabled", "true");
            properties.put("gateway.api.auth", "none");
            properties.put("gateway.api.timeout", apiTimeout.toSeconds() + "s");
            properties.put("gateway.api.body-timeout", "4s");
            var gateway = GatewayProcess.start(properties);
            int port = ((org.springframework.boot.web.context.WebServerApplicationContext) gateway).getWebServer()
                    .getPort();
            var answer = java.net.http.HttpClient.newHttpClient().sendAsync(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://localhost:" + port + "/api/v1/lookups"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"personidentifikatorer\":[\""
                            + TestIds.valid(1, 9).get(0) + "\"]}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            await("the API's KRR call held").atMost(Duration.ofSeconds(60))
                    .until(() -> simulator.stats().get("hangs").asLong() >= 1);
            long start = System.nanoTime();
            gateway.close();
            Duration stop = Duration.ofNanos(System.nanoTime() - start);
            Duration bound = stopBound(apiTimeout, shutdownTimeout, 2, kafkaShutdownTimeout());
            System.out.printf("graceful stop: an API request in flight, api.timeout %s: closed in %.1f s "
                    + "(bound %d s)%n", apiTimeout, stop.toMillis() / 1000.0, bound.toSeconds());
            assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).as("answered before the stop").isEqualTo(503);
            assertThat(stop).as("the stop waited for the answer").isGreaterThanOrEqualTo(apiTimeout.minusSeconds(1))
                    .isLessThan(bound);
        }
    }

    private static int members(String group) throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().size();
        }
    }
}
