// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.krrgateway.check.PreflightCommand;
import no.krrgateway.support.Actuator;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.PrometheusScrape;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import no.krrgateway.support.TestKeys;
import no.krrgateway.support.TestKeystores;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A broker whose only client listener is SASL (PLAIN and SCRAM-SHA-512), reached through nothing but the properties
 * an operator sets (camel.component.kafka.security-protocol, sasl-mechanism, sasl-jaas-config): every client the
 * gateway makes authenticates, Camel's consumers and the clients it makes itself (outcome producers in both
 * deliveries, the probe behind health kafka and the lag gauge, topic creation, the denied-topic admin, check); a wrong
 * password is reported by name, and no password reaches the logs, health or check.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecuredKafkaIT {

    private static final String PASSWORD = "gw-Pa55-7Qx";
    private static final String WRONG = "wrong-Pa55-3Zk";
    private static final String ADMIN_PASSWORD = "admin-Pa55-9Vb";

    @RegisterExtension
    static final SimulatorServer simulator = SimulatorServer.perClass(Map.of());

    private static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void saslBroker() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        // the client listener SASL; the controller's stays PLAINTEXT (its principal ANONYMOUS, a super user)
        broker.brokerProperty("listener.security.protocol.map", "EXTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        broker.brokerProperty("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");
        broker.brokerProperty("sasl.mechanism.inter.broker.protocol", "PLAIN");
        broker.brokerProperty("listener.name.external.plain.sasl.jaas.config", plain("admin", ADMIN_PASSWORD)
                .replace(";", " user_admin=\"" + ADMIN_PASSWORD + "\" user_gateway=\"" + PASSWORD + "\";"));
        broker.brokerProperty("listener.name.external.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        // ACLs only where a test sets them (a denied tenant topic)
        broker.brokerProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        broker.brokerProperty("allow.everyone.if.no.acl.found", "true");
        broker.brokerProperty("super.users", "User:admin;User:ANONYMOUS");
        broker.afterPropertiesSet();
        try (Admin admin = Admin.create(new HashMap<>(client()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("gateway",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORD))).all().get();
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"at-least-once, PLAIN", "exactly-once, SCRAM-SHA-512"})
    void request_answeredInEachDelivery_healthUp_lagRead_topicsCreated(String delivery, String mechanism,
                                                                        CapturedOutput logs) throws Exception {
        var topics = TestBroker.Topics.named("sasl-" + delivery);
        Map<String, Object> properties = gateway(topics, "sasl-" + delivery, mechanism, PASSWORD);
        properties.put("gateway.kafka.delivery", delivery);
        properties.put("gateway.kafka.create-topics", "true"); // by the probe's admin client
        properties.put("gateway.kafka.topic-partitions", "2");
        properties.put("gateway.kafka.probe.cache-for", "200ms");
        // the secret as a file, as deploy/kubernetes reads it (docs/operations.md, "Secured Kafka")
        Path secrets = TestKeys.newFolder();
        Files.writeString(secrets.resolve("camel.component.kafka.sasl-jaas-config"),
                properties.remove("camel.component.kafka.sasl-jaas-config") + "\n");
        properties.put("spring.config.import", "optional:configtree:" + secrets + "/");

        try (var gateway = GatewayProcess.start(properties);
             var collector = new OutcomeCollector(client(), topics.results(), topics.errors(), topics.completed())) {
            new RequestProducer(client(), topics.requests()).send("sasl-1", TestIds.valid(3, 281), null);
            assertThat(collector.awaitAtLeast(4, Duration.ofSeconds(90))).as("three outcomes and the completion")
                    .extracting(OutcomeCollector.Outcome::topic).contains(topics.completed());

            var health = Actuator.get(gateway, "/actuator/health/kafka");
            assertThat(health.body()).contains("\"status\":\"UP\"", "\"nodes\":1");
            await("the lag gauge read over SASL, back to 0").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(new PrometheusScrape(Actuator.get(gateway,
                            "/actuator/prometheus").body()).sum("gateway_kafka_consumer_lag_records", "topic",
                            topics.requests())).isZero());
        }
        assertThat(logs.getAll()).doesNotContain(PASSWORD).doesNotContain("SaslAuthenticationException");
    }

    /**
     * A wrong password: health kafka DOWN naming the failed authentication, the request not consumed, and the
     * password nowhere in health or the logs.
     */
    @ParameterizedTest
    @ValueSource(strings = {"at-least-once", "exactly-once"})
    void wrongPassword_healthDownNamingTheCause_withoutThePassword(String delivery, CapturedOutput logs)
            throws Exception {
        var topics = TestBroker.Topics.named("sasl-wrong-" + delivery);
        createTopics(topics);
        new RequestProducer(client(), topics.requests()).send("wrong-1", TestIds.valid(1, 282), null);
        Map<String, Object> properties = gateway(topics, "sasl-wrong-" + delivery, "PLAIN", WRONG);
        properties.put("gateway.kafka.delivery", delivery);

        try (var gateway = GatewayProcess.start(properties)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var health = Actuator.get(gateway, "/actuator/health/kafka");
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.body()).contains("\"status\":\"DOWN\"", "SaslAuthenticationException");
            });
            assertThat(Actuator.get(gateway, "/actuator/health").body()).doesNotContain(WRONG);
            assertThat(Actuator.get(gateway, "/actuator/prometheus").body()).doesNotContain(WRONG);
        }
        assertThat(committedOffsets("sasl-wrong-" + delivery)).isEmpty();
        assertThat(logs.getAll()).doesNotContain(WRONG).doesNotContain(PASSWORD);
    }

    /**
     * The gateway's user reaches the broker after the gateway started (as when both are deployed together): intake
     * starts once it does. camel-kafka stopped its consumers for good at the first failed authentication, while health
     * kafka turned UP with the probe's next answer: nothing was read again, and nothing said so.
     */
    @Test
    void userCreatedAfterStart_intakeStartsOnceItAuthenticates() throws Exception {
        var topics = TestBroker.Topics.named("sasl-late");
        createTopics(topics);
        new RequestProducer(client(), topics.requests()).send("late-1", TestIds.valid(1, 285), null);
        Map<String, Object> properties = gateway(topics, "sasl-late", "SCRAM-SHA-512", PASSWORD);
        properties.put("gateway.hold-back.max-delay", "3s"); // how often a refused consumer tries again
        properties.computeIfPresent("camel.component.kafka.sasl-jaas-config",
                (name, jaas) -> jaas.toString().replace("username=\"gateway\"", "username=\"late\""));

        try (var gateway = GatewayProcess.start(properties); Admin admin = Admin.create(new HashMap<>(client()))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Actuator.get(gateway,
                    "/actuator/health/kafka").body()).contains("SaslAuthenticationException"));
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("late",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORD))).all().get();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Actuator.get(gateway,
                    "/actuator/health/kafka").body()).contains("\"clusterId\""));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(committedOffsets("sasl-late")
                    .values().stream().mapToLong(OffsetAndMetadata::offset).sum()).as("the request read and committed")
                    .isEqualTo(1));
        }
    }

    /**
     * The gateway's consumer group not yet granted to its user: health kafka DEGRADED naming the request topic, and
     * the request read once the group is granted. camel-kafka stopped its consumers for good at the first
     * GroupAuthorizationException, with health kafka UP.
     */
    @Test
    void groupDeniedAtStart_degradedThenReadOnceGranted() throws Exception {
        var topics = TestBroker.Topics.named("sasl-group");
        createTopics(topics);
        new RequestProducer(client(), topics.requests()).send("group-1", TestIds.valid(1, 286), null);
        var group = new ResourcePattern(ResourceType.GROUP, "sasl-group", PatternType.LITERAL);
        var deny = new AccessControlEntry("User:gateway", "*", AclOperation.READ, AclPermissionType.DENY);
        Map<String, Object> properties = gateway(topics, "sasl-group", "PLAIN", PASSWORD);
        properties.put("gateway.hold-back.max-delay", "3s");

        try (Admin admin = Admin.create(new HashMap<>(client()))) {
            admin.createAcls(List.of(new AclBinding(group, deny))).all().get();
            try (var gateway = GatewayProcess.start(properties)) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Actuator.get(gateway,
                        "/actuator/health/kafka").body()).contains("DEGRADED", topics.requests()));
                admin.deleteAcls(List.of(new AclBindingFilter(group.toFilter(), deny.toFilter()))).all().get();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(committedOffsets("sasl-group")
                        .values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                        .as("the request read and committed").isEqualTo(1));
            }
        }
    }

    /** check: its topic lines over SASL; with a wrong password a FAIL line naming the cause, not the password. */
    @Test
    void check_overSasl_topicsOk_wrongPasswordFailsByName() throws Exception {
        var topics = TestBroker.Topics.named("sasl-check");
        createTopics(topics);
        Map<String, Object> setup = gateway(topics, "sasl-check", "SCRAM-SHA-512", PASSWORD);
        setup.put("gateway.check.test-person", "20914695016");

        String ok = check(setup);
        assertThat(ok).contains("OK   topic sasl-check.requests: exists, 2 partitions",
                "OK   topic sasl-check.completed: exists");
        setup.putAll(gateway(topics, "sasl-check", "SCRAM-SHA-512", WRONG));
        String failed = check(setup);
        assertThat(failed).contains("FAIL kafka: ").contains("SaslAuthenticationException").doesNotContain(WRONG);
    }

    /**
     * A tenant's topic denied to the gateway's user: the denied-topic admin, made from the consumer's settings, asks
     * over SASL whether it may read it again, and once granted the record is served.
     */
    @Test
    void deniedTenantTopic_askedAgainOverSasl_servedOnceGranted() throws Exception {
        var topics = TestBroker.Topics.named("sasl-denied");
        createTopics(topics);
        String tenantTopic = "sasl-denied.tenant.requests";
        var topic = new ResourcePattern(ResourceType.TOPIC, tenantTopic, PatternType.LITERAL);
        var allow = new AccessControlEntry("User:gateway", "*", AclOperation.ALL, AclPermissionType.ALLOW);
        var deny = new AccessControlEntry("User:gateway", "*", AclOperation.READ, AclPermissionType.DENY);
        Map<String, Object> properties = gateway(topics, "sasl-denied", "PLAIN", PASSWORD);
        properties.put("gateway.tenants.910000001.request-topics[0]", tenantTopic);
        properties.put("gateway.hold-back.max-delay", "3s"); // how long a denied topic is left out
        try (Admin admin = Admin.create(new HashMap<>(client()))) {
            admin.createTopics(List.of(new NewTopic(tenantTopic, 1, (short) 1))).all().get();
            admin.createAcls(List.of(new AclBinding(topic, allow), new AclBinding(topic, deny))).all().get();
            new RequestProducer(client(), tenantTopic).send("tenant-1", TestIds.valid(1, 283), null);
            try (var gateway = GatewayProcess.start(properties)) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(Actuator.get(gateway,
                        "/actuator/health/kafka").body()).contains("DEGRADED", tenantTopic));
                admin.deleteAcls(List.of(new AclBindingFilter(topic.toFilter(), deny.toFilter()))).all().get();
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(committedOffsets("sasl-denied"))
                        .containsEntry(new TopicPartition(tenantTopic, 0), new OffsetAndMetadata(1)));
            }
        }
    }

    /**
     * SSL with client certificates (as NAV's and Aiven's clusters), on a broker of its own that requires them: a
     * request answered in exactly-once, health and the lag gauge read, and no keystore password in the logs.
     */
    @Test
    void sslWithClientCertificate_requestAnswered_healthUp(CapturedOutput logs) throws Exception {
        Path keys = TestKeys.newFolder();
        String store = "ks-Pa55-4Wd";
        TestKeystores.keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost", "-storetype", "PKCS12", "-keystore", keys.resolve("broker.p12").toString(),
                "-storepass", store, "-keypass", store);
        TestKeystores.keytool("-genkeypair", "-alias", "gateway", "-keyalg", "RSA", "-dname", "CN=gateway",
                "-storetype", "PKCS12", "-keystore", keys.resolve("gateway.p12").toString(), "-storepass", store,
                "-keypass", store);
        for (String alias : List.of("broker", "gateway")) { // each trusts both: the broker is its own client too
            TestKeystores.keytool("-exportcert", "-rfc", "-alias", alias, "-keystore",
                    keys.resolve(alias + ".p12").toString(), "-storepass", store, "-file",
                    keys.resolve(alias + ".pem").toString());
            for (String trust : List.of("broker-trust.p12", "gateway-trust.p12")) {
                TestKeystores.keytool("-importcert", "-noprompt", "-alias", alias, "-file",
                        keys.resolve(alias + ".pem").toString(), "-storetype", "PKCS12", "-keystore",
                        keys.resolve(trust).toString(), "-storepass", store);
            }
        }
        var ssl = new EmbeddedKafkaKraftBroker(1, 1);
        ssl.brokerProperty("auto.create.topics.enable", "false");
        ssl.brokerProperty("transaction.state.log.replication.factor", "1");
        ssl.brokerProperty("transaction.state.log.min.isr", "1");
        ssl.brokerProperty("listener.security.protocol.map", "EXTERNAL:SSL,CONTROLLER:PLAINTEXT");
        ssl.brokerProperty("ssl.client.auth", "required");
        ssl.brokerProperty("ssl.keystore.location", keys.resolve("broker.p12").toString());
        ssl.brokerProperty("ssl.keystore.password", store);
        ssl.brokerProperty("ssl.key.password", store);
        ssl.brokerProperty("ssl.truststore.location", keys.resolve("broker-trust.p12").toString());
        ssl.brokerProperty("ssl.truststore.password", store);
        ssl.afterPropertiesSet();
        try {
            Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                    ssl.getBrokersAsString(), CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL",
                    SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, keys.resolve("gateway.p12").toString(),
                    SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, store, SslConfigs.SSL_KEY_PASSWORD_CONFIG, store,
                    SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, keys.resolve("gateway-trust.p12").toString(),
                    SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, store);
            var topics = TestBroker.Topics.named("ssl");
            Map<String, Object> properties = new HashMap<>(gateway(topics, "ssl", "PLAIN", PASSWORD));
            properties.keySet().removeIf(name -> name.startsWith("camel.component.kafka.sasl"));
            properties.put("camel.component.kafka.brokers", ssl.getBrokersAsString());
            properties.put("camel.component.kafka.security-protocol", "SSL");
            properties.put("camel.component.kafka.ssl-keystore-location", keys.resolve("gateway.p12").toString());
            properties.put("camel.component.kafka.ssl-keystore-password", store);
            properties.put("camel.component.kafka.ssl-key-password", store);
            properties.put("camel.component.kafka.ssl-truststore-location",
                    keys.resolve("gateway-trust.p12").toString());
            properties.put("camel.component.kafka.ssl-truststore-password", store);
            properties.put("camel.component.kafka.ssl-keystore-type", "PKCS12");
            properties.put("camel.component.kafka.ssl-truststore-type", "PKCS12");
            properties.put("gateway.kafka.delivery", "exactly-once");
            properties.put("gateway.kafka.create-topics", "true");
            properties.put("gateway.kafka.topic-partitions", "2");
            properties.put("gateway.kafka.probe.cache-for", "200ms");
            try (var gateway = GatewayProcess.start(properties);
                 var collector = new OutcomeCollector(client, topics.results(), topics.errors(), topics.completed())) {
                new RequestProducer(client, topics.requests()).send("ssl-1", TestIds.valid(3, 284), null);
                assertThat(collector.awaitAtLeast(4, Duration.ofSeconds(90))).as("three outcomes and the completion")
                        .extracting(OutcomeCollector.Outcome::topic).contains(topics.completed());
                assertThat(Actuator.get(gateway, "/actuator/health/kafka").body()).contains("\"status\":\"UP\"");
                await("the lag gauge read over SSL, back to 0").atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(new PrometheusScrape(Actuator.get(gateway,
                                "/actuator/prometheus").body()).sum("gateway_kafka_consumer_lag_records", "topic",
                                topics.requests())).isZero());
            }
        } finally {
            ssl.destroy();
        }
        assertThat(logs.getAll()).doesNotContain(store);
    }

    /** The properties an operator sets for a SASL listener, and the simulator's; the brokers are the SASL broker's. */
    private static Map<String, Object> gateway(TestBroker.Topics topics, String group, String mechanism,
                                               String password) {
        Map<String, Object> properties = new HashMap<>(simulator.gatewayProperties(topics, group));
        properties.put("camel.component.kafka.brokers", broker.getBrokersAsString());
        properties.put("camel.component.kafka.security-protocol", "SASL_PLAINTEXT");
        properties.put("camel.component.kafka.sasl-mechanism", mechanism);
        properties.put("camel.component.kafka.sasl-jaas-config", mechanism.equals("PLAIN")
                ? plain("gateway", password)
                : "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"gateway\" password=\""
                + password + "\";");
        var files = TestKeys.newFolder();
        properties.put("gateway.files.inbox", files.resolve("inbox").toString());
        properties.put("gateway.files.outbox", files.resolve("outbox").toString());
        properties.put("gateway.files.error", files.resolve("error").toString());
        return properties;
    }

    private static String plain(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** The test's own clients: the broker's admin user over PLAIN. */
    private static Map<String, Object> client() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "PLAIN", SaslConfigs.SASL_JAAS_CONFIG, plain("admin", ADMIN_PASSWORD));
    }

    private static void createTopics(TestBroker.Topics topics) throws Exception {
        try (Admin admin = Admin.create(new HashMap<>(client()))) {
            admin.createTopics(List.of(topics.requests(), topics.results(), topics.notifiable(), topics.errors(),
                    topics.completed(), topics.evidence()).stream().map(name -> new NewTopic(name,
                    name.equals(topics.requests()) ? 2 : 1, (short) 1)).toList()).all().get();
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) throws Exception {
        try (Admin admin = Admin.create(new HashMap<>(client()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().forEach((partition, offset) -> {
                if (offset != null) {
                    offsets.put(partition, offset);
                }
            });
            return offsets;
        }
    }

    private static String check(Map<String, Object> properties) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            PreflightCommand.run(GatewayProcess.args(properties), out);
        }
        String output = bytes.toString(StandardCharsets.UTF_8);
        System.out.println("check:\n" + output);
        return output;
    }
}
