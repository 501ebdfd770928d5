// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code gateway.kafka.create-topics}: on a broker without auto-creation, the missing topics are made with the
 * configured partitions before the routes start, an existing one is left as it was, and the first request is
 * answered, its completion record included. Also {@code gateway.kafka.auto-offset-reset} reaches the consumer.
 */
class TopicCreationIT {

    @RegisterExtension
    static final SimulatorServer simulator = SimulatorServer.perClass(Map.of());

    @Test
    void createTopics_missingOnesMade_existingLeftAlone_firstRequestAnswered() throws Exception {
        TestBroker.Topics topics = TestBroker.Topics.named("created");
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topics.results(), 2, (short) 1))).all().get();
        }
        Map<String, Object> properties = simulator.gatewayProperties(topics, "created");
        properties.put("gateway.kafka.create-topics", "true");
        properties.put("gateway.kafka.topic-partitions", "4");
        properties.put("gateway.kafka.auto-offset-reset", "latest");

        try (var gateway = GatewayProcess.start(properties);
             var collector = new OutcomeCollector(topics.results(), topics.errors(), topics.completed())) {
            Map<String, Integer> partitions = partitions(topics);
            assertThat(partitions).containsEntry(topics.requests(), 4).containsEntry(topics.notifiable(), 4)
                    .containsEntry(topics.errors(), 4).containsEntry(topics.completed(), 4)
                    .containsEntry(topics.results(), 2);
            var endpoint = (KafkaEndpoint) gateway.getBean(CamelContext.class).getRoute("intake-kafka").getEndpoint();
            assertThat(endpoint.getConfiguration().getAutoOffsetReset()).isEqualTo("latest");

            // latest: a request counts only once the group holds the partitions
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90))
                    .until(() -> gateway.getBean(PartitionOwnership.class).owned().size() == 4);
            new RequestProducer(topics.requests()).send("first", TestIds.valid(3, 28), null);
            // three outcomes and the request's completion record
            assertThat(collector.awaitAtLeast(4, Duration.ofSeconds(90))).extracting(OutcomeCollector.Outcome::topic)
                    .contains(topics.completed());
        }
    }

    private static Map<String, Integer> partitions(TestBroker.Topics topics) throws Exception {
        try (Admin admin = admin()) {
            Map<String, TopicDescription> described = admin.describeTopics(List.of(topics.requests(),
                    topics.results(), topics.notifiable(), topics.errors(), topics.completed())).allTopicNames().get();
            return described.values().stream()
                    .collect(Collectors.toMap(TopicDescription::name, d -> d.partitions().size()));
        }
    }

    private static Admin admin() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        return Admin.create(config);
    }
}
