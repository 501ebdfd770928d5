// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import no.krrgateway.simulator.TestPersons;
import no.krrgateway.support.Actuator;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.OutcomeCollector.Outcome;
import no.krrgateway.support.PrometheusScrape;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every kind of information KRR returns, typed in the results, with a token that carries both KRR scopes: language,
 * digital post, certificates (valid and expired) and KRR's own varslingsstatus, and the metric of disagreements
 * (the simulator is told that a reservation does not stop KAN_VARSLES, so the reserved person disagrees with us).
 */
class KrrInformationIT {

    @RegisterExtension
    static final SimulatorServer simulator = SimulatorServer.perClass(
            Map.of("gateway.simulator.krr.reserved-means-kan-ikke-varsles", "false"));

    @Test
    void lookup_bothScopes_typesEveryKindOfKrrInformationAndCountsDisagreements() throws Exception {
        var topics = TestBroker.createTopics("information", 2);
        var properties = simulator.gatewayProperties(topics, "information");
        properties.put("gateway.maskinporten.scopes", "krr:global/kontaktinformasjon.read krr:global/digitalpost.read");
        new RequestProducer(topics.requests()).send("named",
                Arrays.stream(TestPersons.values()).map(TestPersons::id).toList(), null);

        try (var gateway = GatewayProcess.start(properties);
             var collector = new OutcomeCollector(topics.results(), topics.errors())) {
            Map<String, JsonNode> named = collector.awaitAtLeast(TestPersons.values().length, Duration.ofSeconds(90))
                    .stream().collect(Collectors.toMap(Outcome::key, Outcome::value));

            for (TestPersons kind : new TestPersons[] {TestPersons.NOTIFIABLE, TestPersons.EMAIL_FRESH_MOBILE_EXPIRED,
                    TestPersons.MOBILE_ONLY, TestPersons.RESERVED}) {
                System.out.printf("information: %s %s%n", kind, named.get(kind.id()));
            }
            JsonNode notifiable = named.get(TestPersons.NOTIFIABLE.id());
            assertThat(notifiable.get("language").asText()).isEqualTo("nb");
            assertThat(notifiable.at("/digitalPost/address").asText()).isEqualTo("ola.nordmann#9YDT");
            assertThat(notifiable.at("/digitalPost/provider").asText()).isEqualTo("984661185");
            assertThat(notifiable.at("/certificate/notAfter").asText())
                    .isEqualTo(TestCertificates.VALID_NOT_AFTER.toString());
            assertThat(notifiable.at("/certificate/usable").asBoolean()).isTrue();
            assertThat(notifiable.get("krrVarslingsstatus").asText()).isEqualTo("KAN_VARSLES");

            JsonNode expiredCertificate = named.get(TestPersons.EMAIL_FRESH_MOBILE_EXPIRED.id());
            assertThat(expiredCertificate.at("/certificate/notAfter").asText())
                    .isEqualTo(TestCertificates.EXPIRED_NOT_AFTER.toString());
            assertThat(expiredCertificate.at("/certificate/usable").asBoolean()).isFalse();
            assertThat(expiredCertificate.get("notifiable").asBoolean()).isTrue();

            JsonNode noDigitalPost = named.get(TestPersons.MOBILE_ONLY.id());
            assertThat(noDigitalPost.get("language").asText()).isEqualTo("se");
            assertThat(noDigitalPost.has("digitalPost")).isFalse();
            assertThat(noDigitalPost.has("certificate")).isFalse();

            JsonNode reserved = named.get(TestPersons.RESERVED.id());
            assertThat(reserved.get("krrVarslingsstatus").asText()).isEqualTo("KAN_VARSLES");
            assertThat(reserved.get("notifiable").asBoolean()).as("our verdict is kept").isFalse();
            assertThat(reserved.get("reasons").toString()).as("nothing added to reasons")
                    .isEqualTo("[\"RESERVED\"]");
            assertThat(named.get(TestPersons.BOTH_EXPIRED.id()).get("krrVarslingsstatus").asText())
                    .isEqualTo("KAN_IKKE_VARSLES");

            var metrics = new PrometheusScrape(Actuator.get(gateway, "/actuator/prometheus").body());
            assertThat(metrics.sum("gateway_verdict_disagreements_total", "krr", "KAN_VARSLES", "ours", "false"))
                    .isEqualTo(1.0);
            assertThat(metrics.sum("gateway_verdict_disagreements_total", "krr", "KAN_IKKE_VARSLES", "ours", "true"))
                    .isZero();
        }
    }
}
