// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.management.ObjectName;
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
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A tenant's request topic the gateway may not read (an ACL denies it): the main topic and the other tenant go on,
 * health kafka names the topic, and once Read is granted its record is served too. A broker of its own, with an
 * authorizer allowing all but that one denial. Before DeniedTopics, camel-kafka stopped both consumer threads at
 * their first poll for good: nothing more committed, health UP.
 */
class TenantTopicDeniedIT {

    @RegisterExtension
    static final SimulatorServer simulator = SimulatorServer.perClass(Map.of());

    /** ALL: not even described (no ACL for the gateway at all); READ: described and written, not read. */
    @ParameterizedTest
    @ValueSource(strings = {"ALL", "READ"})
    void tenantTopicNotReadable_theOthersServedAndCommitted(String denied) throws Exception {
        var broker = brokerWithAuthorizer();
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
            properties.put("gateway.hold-back.initial-delay", "1s");
            properties.put("gateway.hold-back.max-delay", "3s"); // how long a denied topic is left out
            List<String> ids = TestIds.valid(3, 271);
            new RequestProducer(bootstrap, "denied.a.requests").send("a-1", ids.subList(0, 1), null);
            var topic = new ResourcePattern(ResourceType.TOPIC, "denied.a.requests", PatternType.LITERAL);
            var deny = new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.valueOf(denied),
                    AclPermissionType.DENY);
            try (Admin admin = Admin.create(config)) {
                admin.createAcls(List.of(new AclBinding(topic, new AccessControlEntry("User:ANONYMOUS", "*",
                        AclOperation.ALL, AclPermissionType.ALLOW)), new AclBinding(topic, deny))).all().get();
            }
            try (var gateway = GatewayProcess.start(properties)) {
                new RequestProducer(bootstrap, "denied.b.requests").send("b-1", ids.subList(1, 2), null);
                new RequestProducer(bootstrap, topics.requests()).send("own-1", ids.subList(2, 3), null);
                try (Admin admin = Admin.create(config)) {
                    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(admin
                            .listConsumerGroupOffsets("denied-" + denied).partitionsToOffsetAndMetadata().get())
                            .as("the others' records committed, so their outcomes written")
                            .containsEntry(new TopicPartition("denied.b.requests", 0), new OffsetAndMetadata(1))
                            .containsEntry(new TopicPartition(topics.requests(), 0), new OffsetAndMetadata(1))
                            .doesNotContainKey(new TopicPartition("denied.a.requests", 0)));
                    var kafka = gateway.getBean("kafkaHealthIndicator", HealthIndicator.class).health();
                    assertThat(kafka.getStatus()).isEqualTo(new Status("DEGRADED"));
                    assertThat(kafka.getDetails().get("deniedTopics").toString()).contains("denied.a.requests");
                    // then no rebalance for 10 s (3 retries): no subscribing again while it is denied, each of which
                    // was a rebalance of all consumers (every 3 s before, in both cases)
                    double[] last = {rebalances()};
                    await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(40)).until(() -> {
                        double now = rebalances();
                        boolean quiet = now == last[0];
                        last[0] = now;
                        return quiet;
                    });
                    admin.deleteAcls(List.of(new AclBindingFilter(topic.toFilter(), deny.toFilter()))).all().get();
                    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(admin
                            .listConsumerGroupOffsets("denied-" + denied).partitionsToOffsetAndMetadata().get())
                            .as("Read granted: the tenant's record served once its topic is tried again")
                            .containsEntry(new TopicPartition("denied.a.requests", 0), new OffsetAndMetadata(1)));
                }
            }
        } finally {
            broker.destroy();
        }
    }

    /**
     * The request topic denied where it is the only topic read (no tenants, the usual set-up): it waits and is tried
     * again as contract §5 says. Before, DeniedTopics handed the failure on when no topic was left, so camel-kafka
     * stopped the consumer for good (health UP).
     */
    @Test
    void onlyRequestTopicNotReadable_waitsDegradedAndServedOnceGranted() throws Exception {
        var broker = brokerWithAuthorizer();
        try {
            String bootstrap = broker.getBrokersAsString();
            var topics = TestBroker.Topics.named("denied-only");
            Properties config = new Properties();
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            var topic = new ResourcePattern(ResourceType.TOPIC, topics.requests(), PatternType.LITERAL);
            var deny = new AccessControlEntry("User:ANONYMOUS", "*", AclOperation.READ, AclPermissionType.DENY);
            try (Admin admin = Admin.create(config)) {
                admin.createTopics(List.of(topics.requests(), topics.results(), topics.notifiable(), topics.errors(),
                        topics.completed(), topics.evidence()).stream()
                        .map(name -> new NewTopic(name, 1, (short) 1)).toList()).all().get();
                admin.createAcls(List.of(new AclBinding(topic, new AccessControlEntry("User:ANONYMOUS", "*",
                        AclOperation.ALL, AclPermissionType.ALLOW)), new AclBinding(topic, deny))).all().get();
            }
            Map<String, Object> properties = simulator.gatewayProperties(topics, "denied-only");
            properties.put("camel.component.kafka.brokers", bootstrap);
            properties.put("gateway.hold-back.max-delay", "3s"); // how long a denied topic is left out
            try (var gateway = GatewayProcess.start(properties); Admin admin = Admin.create(config)) {
                new RequestProducer(bootstrap, topics.requests()).send("own-1", TestIds.valid(1, 272), null);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(gateway
                        .getBean("kafkaHealthIndicator", HealthIndicator.class).health().getStatus())
                        .isEqualTo(new Status("DEGRADED")));
                admin.deleteAcls(List.of(new AclBindingFilter(topic.toFilter(), deny.toFilter()))).all().get();
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(admin
                        .listConsumerGroupOffsets("denied-only").partitionsToOffsetAndMetadata().get())
                        .as("Read granted: the record served once its topic is tried again")
                        .containsEntry(new TopicPartition(topics.requests(), 0), new OffsetAndMetadata(1)));
            }
        } finally {
            broker.destroy();
        }
    }

    /** The group rebalances the consumers in this JVM took part in (their rebalance-total). */
    private static double rebalances() throws Exception {
        var server = ManagementFactory.getPlatformMBeanServer();
        double total = 0;
        for (var name : server.queryNames(new ObjectName("kafka.consumer:type=consumer-coordinator-metrics,*"), null)) {
            total += ((Number) server.getAttribute(name, "rebalance-total")).doubleValue();
        }
        return total;
    }

    private static EmbeddedKafkaKraftBroker brokerWithAuthorizer() {
        var broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.brokerProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        broker.brokerProperty("allow.everyone.if.no.acl.found", "true");
        broker.afterPropertiesSet();
        return broker;
    }
}
