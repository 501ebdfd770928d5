// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import no.krrgateway.support.ApiGateway;
import no.krrgateway.support.AuditEvents;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Issue 24, point 1, end to end: tenants as configuration ({@code gateway.tenants.<org>}). Real JWTs of two API
 * clients (signed by a test key served as a JWK set), a real broker with a request topic per tenant, the simulator
 * as KRR and Maskinporten, refusing tenant B's grants. A client acts only for the tenants that list it, a record only
 * for the org its topic belongs to; audit events name the tenant and the client or the topic.
 */
@ExtendWith(OutputCaptureExtension.class)
class TenantsIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TENANT_A = "910000001";
    private static final String TENANT_B = "910000002";

    private static String topicA;

    @RegisterExtension
    static final ApiGateway api = ApiGateway.perClass("tenants", 1,
            // Maskinporten refuses tenant B's grants: whoever gets past the tenant checks for B meets that refusal.
            Map.of("gateway.simulator.faults.refused-consumer-orgs[0]", TENANT_B), properties -> {
                topicA = TestBroker.createTopic("tenants.a.requests", 1);
                properties.put("gateway.tenants." + TENANT_A + ".api-clients[0]", "client-a");
                properties.put("gateway.tenants." + TENANT_A + ".request-topics[0]", topicA);
                properties.put("gateway.tenants." + TENANT_B + ".api-clients[0]", "client-b");
            });

    @Test
    void api_aClientActsOnlyForTheTenantsListingIt_andForTheOwnOrgWithoutConsumerOrg(CapturedOutput logs)
            throws Exception {
        List<String> ids = TestIds.valid(2, 71);
        api.simulator().resetStats();

        HttpResponse<String> listed = api.postAs("client-a", TENANT_A, ids);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(MAPPER.readTree(listed.body()).get("outcomes")).hasSize(2)
                .allSatisfy(outcome -> assertThat(outcome.has("notifiable")).as(outcome.toString()).isTrue());
        assertThat(api.simulator().stats().get("tokensIssued").asLong()).as("tenant A's own token").isEqualTo(1);

        long krrCalls = api.simulator().stats().get("krrCalls").asLong();
        long tokenErrors = api.simulator().stats().get("tokenErrors").asLong();
        for (var other : List.of(Map.entry(TENANT_A, "client-b"), Map.entry(TENANT_B, "client-a"),
                Map.entry("999999999", "client-a"))) {
            HttpResponse<String> refused = api.postAs(other.getValue(), other.getKey(), ids);
            assertThat(refused.statusCode()).as(other.toString()).isEqualTo(403);
            JsonNode problem = MAPPER.readTree(refused.body());
            assertThat(problem.get("type").asText()).isEqualTo("urn:krr-gateway:problem:consumer-org-refused");
            assertThat(refused.body()).doesNotContain(other.getKey()).doesNotContain(ids.get(0));
        }
        assertThat(api.simulator().stats().get("krrCalls").asLong()).as("nothing looked up").isEqualTo(krrCalls);
        assertThat(api.simulator().stats().get("tokenErrors").asLong()).as("B's refused grant never even asked for")
                .isEqualTo(tokenErrors);
        assertThat(logs.getAll()).contains("API client client-b named consumerOrg " + TENANT_A);

        HttpResponse<String> own = api.postAs("client-b", null, ids);
        assertThat(own.statusCode()).as("no consumerOrg: the gateway's own org, any client").isEqualTo(200);

        List<JsonNode> events = AuditEvents.lookups(logs.getAll());
        assertThat(events).anySatisfy(event -> {
            assertThat(event.get("channel").asText()).isEqualTo("api");
            assertThat(event.get("consumerOrg").asText()).isEqualTo(TENANT_A);
            assertThat(event.get("source").asText()).isEqualTo("client:client-a");
        });
        assertThat(events).anySatisfy(event -> {
            assertThat(event.get("source").asText()).isEqualTo("client:client-b");
            assertThat(event.has("consumerOrg")).as("the own org, none configured").isFalse();
        });
    }

    @Test
    void kafka_aRecordActsForItsTopicsTenant_andMayNameOnlyAnOrgItsTopicIsListedFor(CapturedOutput logs)
            throws Exception {
        List<String> onA = TestIds.valid(3, 72);
        List<String> namingAOnA = TestIds.valid(2, 73);
        List<String> namingAOnOwn = TestIds.valid(2, 74);
        List<String> namingBOnA = TestIds.valid(2, 75);
        List<String> own = TestIds.valid(2, 76);
        try (var collector = new OutcomeCollector(api.topics().results(), api.topics().errors())) {
            RequestProducer toA = new RequestProducer(topicA);
            RequestProducer toOwn = new RequestProducer(api.topics().requests());
            toA.send("on-a", onA, null);
            toA.sendRaw(request("naming-a-on-a", TENANT_A, namingAOnA));
            toOwn.sendRaw(request("naming-a-on-own", TENANT_A, namingAOnOwn));
            toA.sendRaw(request("naming-b-on-a", TENANT_B, namingBOnA));
            toOwn.send("own", own, null);

            List<OutcomeCollector.Outcome> outcomes = collector.awaitAtLeast(11, Duration.ofSeconds(120));
            assertThat(outcomes).hasSize(11);
            Map<String, List<String>> codes = outcomes.stream().collect(Collectors.groupingBy(
                    o -> o.value().path("requestId").asText(),
                    Collectors.mapping(o -> o.value().at("/error/code").asText("result"), Collectors.toList())));
            assertThat(codes.get("on-a")).containsOnly("result").hasSize(3);
            assertThat(codes.get("naming-a-on-a")).containsOnly("result").hasSize(2);
            assertThat(codes.get("own")).containsOnly("result").hasSize(2);
            assertThat(codes.get("naming-a-on-own")).containsOnly("CONSUMER_ORG_REFUSED").hasSize(2);
            assertThat(codes.get("naming-b-on-a")).containsOnly("CONSUMER_ORG_REFUSED").hasSize(2);
        }
        JsonNode onTopicA = AuditEvents.lookups(logs.getAll()).stream()
                .filter(event -> event.get("requestId").asText().equals("on-a")).findFirst().orElseThrow();
        assertThat(onTopicA.get("consumerOrg").asText()).as("the topic's tenant").isEqualTo(TENANT_A);
        assertThat(onTopicA.get("source").asText()).as("the topic").startsWith(topicA + "-0-");
    }

    /** A Kafka request record naming {@code consumerOrg}. */
    private static String request(String requestId, String consumerOrg, List<String> ids) throws Exception {
        return "{\"requestId\":\"" + requestId + "\",\"consumerOrg\":\"" + consumerOrg + "\",\"personidentifikatorer\":"
                + MAPPER.writeValueAsString(ids) + "}";
    }
}
