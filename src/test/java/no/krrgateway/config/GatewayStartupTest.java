// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestKeys;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Start-up either brings every route up or stops with one message that names the property at fault. */
@ExtendWith(OutputCaptureExtension.class)
class GatewayStartupTest {

    @TempDir
    static Path keys;

    private static Map<String, Object> valid() {
        Map<String, Object> properties = new HashMap<>(TestBroker.createTopics("startup-" + System.nanoTime(), 1)
                .asProperties());
        properties.put("gateway.krr.base-url", "http://localhost:9/krr");
        properties.put("gateway.maskinporten.issuer", "http://localhost:9/maskinporten/");
        properties.put("gateway.maskinporten.client-id", "client");
        properties.put("gateway.maskinporten.jwk.path", TestKeys.writeJwk(keys, "startup").toString());
        return properties;
    }

    @Test
    void start_validConfiguration_allRoutesStarted(CapturedOutput output) {
        try (var gateway = GatewayProcess.start(valid())) {
            assertThat(output.getAll()).contains("Profiles [default]; live endpoints: KRR http://localhost:9/krr, "
                    + "Maskinporten issuer http://localhost:9/maskinporten/");
            CamelContext camel = gateway.getBean(CamelContext.class);
            assertThat(camel.getRoutes()).extracting(route -> route.getRouteId())
                    .contains("intake-kafka", "lookup-batch", "publish-evidence");
            assertThat(camel.getRouteController().getRouteStatus("intake-kafka").isStarted()).isTrue();
        }
    }

    /** A file-drop integration without Kafka: no broker to name, the file channel runs. */
    @Test
    void start_withoutTheKafkaChannel_needsNoBrokers() {
        Map<String, Object> properties = valid();
        properties.put("camel.component.kafka.brokers", "");
        properties.put("gateway.kafka.enabled", "false");
        try (var gateway = GatewayProcess.start(properties)) {
            var routes = gateway.getBean(CamelContext.class).getRouteController();
            assertThat(routes.getRouteStatus("intake-file").isStarted()).isTrue();
            assertThat(routes.getRouteStatus("intake-kafka")).isNull();
        }
    }

    /** spring.config.location replaces the default locations: config/application.yml in the jar is not read. */
    @Test
    void start_configLocationWithoutOurFile_routesStillRun() {
        Map<String, Object> properties = valid();
        properties.put("spring.config.location", "optional:file:" + keys.resolve("none") + "/");
        try (var gateway = GatewayProcess.start(properties)) {
            CamelContext camel = gateway.getBean(CamelContext.class);
            assertThat(camel.getRoutes()).extracting(route -> route.getRouteId())
                    .contains("intake-kafka", "lookup-batch", "intake-file");
            assertThat(gateway.getEnvironment().getProperty("management.server.address")).isEqualTo("127.0.0.1");
        }
    }

    /** An initial delay of 0 stays 0 when doubled: a hold-back would probe Maskinporten and KRR without a pause. */
    @ParameterizedTest
    @ValueSource(strings = {"gateway.hold-back.initial-delay", "gateway.hold-back.max-delay"})
    void start_holdBackDelayZero_refusedNamingIt(String property) {
        assertRefused(Map.of(property, "0s"), property + " must be at least 1ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "-1s"})
    void start_shutdownTimeoutNotPositive_refusedNamingIt(String timeout) {
        assertRefused(Map.of("gateway.shutdown-timeout", timeout), "gateway.shutdown-timeout must be at least 1ms");
    }

    /** §32 allows at most 18 months: a longer max-age calls stale contact information notifiable. */
    @ParameterizedTest
    @ValueSource(strings = {"P19M", "P2Y", "P18M1D", "P0D", "P-1M", "P2147483647D"})
    void start_varslingMaxAgeOverEighteenMonthsOrNotPositive_refusedNamingIt(String maxAge) {
        assertRefused(Map.of("gateway.varsling.max-age", maxAge),
                "gateway.varsling.max-age must be positive and at most P18M");
    }

    /** contract.md: topics created with at least gateway.kafka.consumers partitions, else consumers sit idle. */
    @Test
    void start_createTopicsWithFewerPartitionsThanConsumers_refusedNamingBoth() {
        assertRefused(Map.of("gateway.kafka.create-topics", "true", "gateway.kafka.consumers", "3",
                "gateway.kafka.topic-partitions", "2"),
                "gateway.kafka.topic-partitions (2) is less than gateway.kafka.consumers (3)");
    }

    @Test
    void start_missingBaseUrl_failsNamingTheProperty() {
        Map<String, Object> properties = valid();
        properties.remove("gateway.krr.base-url");
        assertThatThrownBy(() -> GatewayProcess.start(properties).close())
                .hasStackTraceContaining("gateway.krr")
                .hasStackTraceContaining("baseUrl");
    }

    @Test
    void start_bothKeyKinds_failsSayingChooseOne() {
        assertRefused(Map.of("gateway.maskinporten.keystore.path", "/nowhere.p12"),
                "set exactly one of gateway.maskinporten.keystore.path and gateway.maskinporten.jwk.path");
    }

    @Test
    void start_apiWithoutAuthNextToRemoteKrr_refused() {
        assertRefused(Map.of("gateway.api.enabled", "true", "gateway.api.auth", "none",
                        "gateway.krr.base-url", "https://kontaktregisteret.example/"),
                "refusing to start", "gateway.api.auth=none and gateway.krr.base-url");
    }

    @Test
    void start_plainHttpOffLoopback_refused() {
        assertRefused(Map.of("gateway.maskinporten.issuer", "http://maskinporten.example/"),
                "gateway.maskinporten.issuer (http://maskinporten.example/) must use https",
                "gateway.endpoints.allow-http");
    }

    /** Keys fetched over plain http can be swapped on the way: tokens forged with them would pass. */
    @ParameterizedTest
    @ValueSource(strings = {"issuer-uri", "jwk-set-uri"})
    void start_tokenIssuerOverPlainHttpOffLoopback_refused(String key) {
        String property = "spring.security.oauth2.resourceserver.jwt." + key;
        assertRefused(Map.of("gateway.api.enabled", "true", property, "http://issuer.example/keys"),
                property + " (http://issuer.example/keys) must use https", "gateway.endpoints.allow-http");
    }

    @Test
    void start_batchSizeOverThousand_fails() {
        assertRefused(Map.of("gateway.krr.batch-size", "1001"), "batchSize");
    }

    /** java.net.http refuses a timeout that is not positive at every request: every lookup would fail. */
    @ParameterizedTest
    @ValueSource(strings = {"63KB", "2GB"})
    void start_maxAnswerSizeOutOfBounds_refusedNamingIt(String size) {
        assertRefused(Map.of("gateway.krr.max-answer-size", size),
                "gateway.krr.max-answer-size must be between 64KB and 1GB");
    }

    /** KrrClient cuts a longer answer off as KRR unavailable, never halving the batch: every full batch would fail. */
    @Test
    void start_maxAnswerSizeTooSmallForABatch_refusedNamingBoth() {
        assertRefused(Map.of("gateway.krr.max-answer-size", "1MB"),
                "gateway.krr.max-answer-size must be between 64KB and 1GB and at least gateway.krr.batch-size");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway.krr.timeout", "gateway.maskinporten.timeout"})
    void start_callTimeoutNotPositive_refusedNamingIt(String property) {
        assertRefused(Map.of(property, "0s"), property + " must be positive");
    }

    @Test
    void start_exactlyOnceWithTransactionShorterThanABatch_refusedNamingBoth() {
        assertRefused(Map.of("gateway.kafka.delivery", "exactly-once", "gateway.kafka.transaction-timeout", "30s",
                        "gateway.kafka.max-poll-interval", "5m"),
                "gateway.kafka.transaction-timeout must be at least gateway.kafka.max-poll-interval");
    }

    /** The route sets these from gateway.kafka.*: the component's setting was lost. */
    @Test
    void start_kafkaSettingTheGatewayOverrides_refusedNamingIt() {
        assertRefused(Map.of("camel.component.kafka.auto-offset-reset", "latest"),
                "camel.component.kafka.auto-offset-reset is set by the gateway: set gateway.kafka.auto-offset-reset");
    }

    /** Set but empty, as from a secret missing in the environment: refused, not audit events without HMACs. */
    @Test
    void start_auditHmacSecretEmpty_refusedNamingIt() {
        assertRefused(Map.of("gateway.audit.hmac-secret", ""), "gateway.audit.hmac-secret must be at least 32 bytes");
    }

    @Test
    void start_apiNotEnabled_noApiRouteAndApiPathsAnswer404WhileActuatorStaysOpen() throws Exception {
        try (var gateway = GatewayProcess.start(valid())) {
            CamelContext camel = gateway.getBean(CamelContext.class);
            assertThat(camel.getRoutes()).extracting(route -> route.getRouteId()).doesNotContain("api-lookups");
            String base = "http://localhost:"
                    + ((org.springframework.boot.web.context.WebServerApplicationContext) gateway).getWebServer()
                    .getPort();
            var http = java.net.http.HttpClient.newHttpClient();
            var lookup = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/v1/lookups"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"personidentifikatorer\":[\"1\"]}"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(lookup.statusCode()).isEqualTo(404);
            // The actuator is on its own port (ManagementSecurityIT covers what it shows there).
            var health = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:"
                    + no.krrgateway.support.Actuator.port(gateway) + "/actuator/health/liveness")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as("no login in front of the actuator").isEqualTo(200);
        }
    }

    @Test
    void start_apiEnabledWithoutTokenIssuer_failsNamingTheProperties() {
        assertRefused(Map.of("gateway.api.enabled", "true"),
                "spring.security.oauth2.resourceserver.jwt.issuer-uri", "gateway.api.auth=none");
    }

    /** Tomcat ends a body stalled for its connection-timeout with a 500 and closes, before the API's 408. */
    @Test
    void start_apiBodyTimeoutNotShorterThanTomcatsConnectionTimeout_refusedNamingBoth() {
        assertRefused(Map.of("gateway.api.enabled", "true", "gateway.api.auth", "none",
                        "server.tomcat.connection-timeout", "5s"),
                "server.tomcat.connection-timeout (PT5S) must be longer than gateway.api.body-timeout (PT10S)");
        assertRefused(Map.of("gateway.api.enabled", "true", "gateway.api.auth", "none",
                        "gateway.api.body-timeout", "60s", "gateway.api.timeout", "90s"),
                "server.tomcat.connection-timeout (PT1M) must be longer than gateway.api.body-timeout (PT1M)");
    }

    @Test
    void start_replacedConsumerOrgsKey_refusedNamingTheTenants() {
        assertRefused(Map.of("gateway.maskinporten.consumer-orgs[0]", "910000001"),
                "gateway.maskinporten.consumer-orgs is no longer read", "gateway.tenants.<org>");
    }

    @Test
    void start_tenantsSharingATopicOrAnOrgThatIsNoOrgNumber_refused() {
        assertRefused(Map.of("gateway.tenants.910000001.request-topics[0]", "shared",
                        "gateway.tenants.910000002.request-topics[0]", "shared"),
                "topic shared is listed in the request-topics of both");
        assertRefused(Map.of("gateway.tenants.91000000.api-clients[0]", "client"),
                "must be a 9-digit organisation number");
    }

    /**
     * A consumer_org Maskinporten can never grant; the own org listed as a tenant too, which reads as if only its
     * api-clients could name it, while every API client and gateway.topics.requests act for the own org.
     */
    @Test
    void start_ownOrgNoOrgNumberOrAlsoATenant_refusedNamingIt() {
        assertRefused(Map.of("gateway.maskinporten.consumer-org", "91000000 1"),
                "gateway.maskinporten.consumer-org must be a 9-digit organisation number");
        assertRefused(Map.of("gateway.maskinporten.consumer-org", "910000001",
                        "gateway.tenants.910000001.api-clients[0]", "client"),
                "gateway.tenants.910000001 is gateway.maskinporten.consumer-org");
    }

    /** The gateway would read its own outcomes as requests, or write a notifiable result twice to one topic. */
    @Test
    void start_twoTopicPropertiesNamingOneTopic_refusedNamingBoth() {
        assertRefused(Map.of("gateway.topics.requests", "same", "gateway.topics.results", "same"),
                "gateway.topics.requests and gateway.topics.results name the same topic same");
        assertRefused(Map.of("gateway.topics.results", "same", "gateway.topics.notifiable", "same"),
                "gateway.topics.results and gateway.topics.notifiable name the same topic same");
        assertRefused(Map.of("gateway.topics.errors", "same", "gateway.tenants.910000001.request-topics[0]", "same"),
                "gateway.topics.errors and gateway.tenants.910000001.request-topics");
    }

    /** A valid configuration changed by {@code overrides} stops the start, with a message saying each of these. */
    @Test
    void start_signedAnswersWithoutAnchorsOrKeptWithoutThem_failsNamingTheProperty() throws Exception {
        assertRefused(Map.of("gateway.krr.signed-answers.enabled", "true"),
                "gateway.krr.signed-answers.trust-anchors must name a PEM file");
        assertRefused(Map.of("gateway.krr.signed-answers.keep", "true"),
                "gateway.krr.signed-answers.keep needs gateway.krr.signed-answers.enabled=true");
        assertRefused(Map.of("gateway.krr.signed-answers.enabled", "true",
                        "gateway.krr.signed-answers.trust-anchors", keys.resolve("missing.pem").toString()),
                "gateway.krr.signed-answers.trust-anchors: cannot read certificates");
        assertRefused(Map.of("gateway.krr.signed-answers.enabled", "true",
                        "gateway.krr.signed-answers.trust-anchors", keys.resolve("missing.pem").toString(),
                        "gateway.krr.signed-answers.signer-org", "Digdir"),
                "must be a 9-digit organisation number");
        java.nio.file.Path expired = java.nio.file.Files.writeString(keys.resolve("expired-ca.pem"),
                "-----BEGIN CERTIFICATE-----\n" + no.krrgateway.support.TestCertificates.EXPIRED
                        + "\n-----END CERTIFICATE-----\n");
        assertRefused(Map.of("gateway.krr.signed-answers.enabled", "true",
                        "gateway.krr.signed-answers.trust-anchors", expired.toString()),
                "holds a CA certificate that expired");
    }

    @Test
    void start_evidenceKeptWithTheProducersDefaultRecordLimit_failsNamingBothProperties() throws Exception {
        java.nio.file.Path anchors = java.nio.file.Files.writeString(keys.resolve("signing-ca.pem"),
                new no.krrgateway.simulator.KrrAnswerSigner(new no.krrgateway.simulator.SimulatorSigningProperties(
                        null, "991825827", no.krrgateway.simulator.KrrAnswerSigner.Fault.NONE),
                        java.time.Clock.systemUTC()).caPem());
        assertRefused(Map.of("gateway.krr.signed-answers.enabled", "true",
                        "gateway.krr.signed-answers.trust-anchors", anchors.toString(),
                        "gateway.krr.signed-answers.keep", "true"),
                "camel.component.kafka.max-request-size is 1048576", "gateway.krr.batch-size=1000");
        // one person's answer with a digital-post certificate and the signer's x5c chain is 4,663 bytes kept
        assertRefused(Map.of("gateway.krr.signed-answers.enabled", "true",
                        "gateway.krr.signed-answers.trust-anchors", anchors.toString(),
                        "gateway.krr.signed-answers.keep", "true", "gateway.krr.batch-size", "1",
                        "camel.component.kafka.max-request-size", "4096"),
                "camel.component.kafka.max-request-size is 4096", "gateway.krr.batch-size=1");
        // an API-only instance publishes its evidence to Kafka too (route api-lookup-pass)
        assertRefused(Map.of("gateway.krr.signed-answers.enabled", "true",
                        "gateway.krr.signed-answers.trust-anchors", anchors.toString(),
                        "gateway.krr.signed-answers.keep", "true", "gateway.kafka.enabled", "false",
                        "gateway.api.enabled", "true", "gateway.api.auth", "none"),
                "camel.component.kafka.max-request-size is 1048576", "gateway.krr.batch-size=1000");
        // so it needs brokers, which an instance without the Kafka channel otherwise does not
        assertRefused(Map.of("gateway.krr.signed-answers.enabled", "true",
                        "gateway.krr.signed-answers.trust-anchors", anchors.toString(),
                        "gateway.krr.signed-answers.keep", "true", "gateway.kafka.enabled", "false",
                        "gateway.api.enabled", "true", "gateway.api.auth", "none", "camel.component.kafka.brokers", "",
                        "camel.component.kafka.max-request-size", "8388608"),
                "camel.component.kafka.brokers is not set: gateway.krr.signed-answers.keep publishes to Kafka");
    }

    private static void assertRefused(Map<String, Object> overrides, String... said) {
        Map<String, Object> properties = valid();
        properties.putAll(overrides);
        var refusal = assertThatThrownBy(() -> GatewayProcess.start(properties).close());
        for (String words : said) {
            refusal.hasStackTraceContaining(words);
        }
    }
}
