// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A tenant's request topic the gateway may not read (an ACL denies it): the main topic and the other tenant go on. A
 * broker of its own, with an authorizer allowing all but that one denial. Disabled: it fails. camel-kafka's default
 * poll strategy stops a consumer thread for good on an authorisation failure (ALL: both threads at their first poll,
 * nothing more committed, health UP); pollOnError RETRY instead drops the records a batch gathered at each failure
 * (READ: the fetch fails every round, nothing is committed). A fix needs a poll strategy that pauses the denied
 * partitions and seeks the others back to their committed offsets: not built yet (see the kafka helper's report).
 */
@Disabled("fails: one tenant topic the gateway may not read stops its Kafka intake; a fix is not built yet")
class TenantTopicDeniedIT {

    @RegisterExtension
    static final SimulatorServer simulator = SimulatorServer.perClass(Map.of());

    /** ALL: not even described (no ACL for the gateway at all); READ: described and written, not read. */
    @ParameterizedTest
    @ValueSource(strings = {"ALL", "READ"})
    void tenantTopicNotReadable_theOthersServedAndCommitted(String denied) throws Exception {
        var broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.brokerProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        broker.brokerProperty("allow.everyone.if.no.acl.found", "true");
        broker.afterPropertiesSet();
        try {
            String bootstrap = broker.getBrokersAsString();
            var topics = TestBroker.Topics.named("denied-" + denied);
            Properties config = new Properties();
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin admin = Admin.create(config)) {
                admin.createTopics(List.of(topics.requests(), topics.results(), topics.notifiable(), topics.errors(),
                        topics.completed(), topics.evidence(), "denied.a.requests", "denied.b.requests").stream()
                        .map(name -> new NewTopic(name, 1, (short) 1)).toList()).all().get();
            }
            Map<String, Object> properties = simulator.gatewayProperties(topics, "denied-" + denied);
            properties.put("camel.component.kafka.brokers", bootstrap);
            properties.put("gateway.tenants.910000001.request-topics[0]", "denied.a.requests");
            properties.put("gateway.tenants.910000002.request-topics[0]", "denied.b.requests");
            List<String> ids = TestIds.valid(3, 271);
            new RequestProducer(bootstrap, "denied.a.requests").send("a-1", ids.subList(0, 1), null);
            try (Admin admin = Admin.create(config)) {
                var topic = new ResourcePattern(ResourceType.TOPIC, "denied.a.requests", PatternType.LITERAL);
                admin.createAcls(List.of(new AclBinding(topic, new AccessControlEntry("User:ANONYMOUS", "*",
                                AclOperation.ALL, AclPermissionType.ALLOW)),
                        new AclBinding(topic, new AccessControlEntry("User:ANONYMOUS", "*",
                                AclOperation.valueOf(denied), AclPermissionType.DENY)))).all().get();
            }
            try (var gateway = GatewayProcess.start(properties)) {
                new RequestProducer(bootstrap, "denied.b.requests").send("b-1", ids.subList(1, 2), null);
                new RequestProducer(bootstrap, topics.requests()).send("own-1", ids.subList(2, 3), null);
                try (Admin admin = Admin.create(config)) {
                    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(admin
                            .listConsumerGroupOffsets("denied-" + denied).partitionsToOffsetAndMetadata().get())
                            .as("the others' records committed, so their outcomes written")
                            .containsEntry(new TopicPartition("denied.b.requests", 0), new OffsetAndMetadata(1))
                            .containsEntry(new TopicPartition(topics.requests(), 0), new OffsetAndMetadata(1)));
                }
            }
        } finally {
            broker.destroy();
        }
    }
}
