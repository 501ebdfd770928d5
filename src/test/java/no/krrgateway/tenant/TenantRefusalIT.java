// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import no.krrgateway.support.Actuator;
import no.krrgateway.support.ApiGateway;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.PrometheusScrape;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Issue 24, point 2, end to end: a tenant's refusal is that tenant's alone. Real JWTs (a test key served as a JWK
 * set), a real broker with a request topic per tenant, and the simulator refusing tenant A's grants (Maskinporten
 * 403 invalid_scope MP-251) while A keeps sending over the API and Kafka: A's ids get CONSUMER_ORG_REJECTED at once,
 * tenant B and the gateway's own org are served as before (no hold-back, no 503), health {@code tenants} is
 * DEGRADED naming A, {@code gateway_tenant_rejections_total{org}} counts, and A is served again once Maskinporten
 * issues its token. KRR answering 401 to A's fresh token, or 403 to B's, does the same for it; the own org's refusal
 * still holds everyone back. Maskinporten failing (503) for tenant C's grants alone while it issues the own org's
 * token refuses C alone likewise, until its token comes. Prints the time to answer A's ids and B's throughput meanwhile as {@code tenants:} lines.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantRefusalIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String A = "910000001";
    private static final String B = "910000002";
    /** A tenant no other test asks a token for: none is cached when Maskinporten fails for it. */
    private static final String C = "910000003";
    /** The simulator's client is of this org when the grant names no consumer_org (the gateway's own). */
    private static final String OWN = "000000000";
    /** B's load, in records of 500 ids, measured with and without A refused. */
    private static final int B_RECORDS = 20;

    private static String topicA;
    private static String topicB;
    private static String topicC;
    private static OutcomeCollector collector;

    @RegisterExtension
    static final ApiGateway api = ApiGateway.perClass("refusal", 2, Map.of(), properties -> {
        topicA = TestBroker.createTopic("refusal.a.requests", 2);
        topicB = TestBroker.createTopic("refusal.b.requests", 2);
        topicC = TestBroker.createTopic("refusal.c.requests", 1);
        properties.put("gateway.tenants." + A + ".api-clients[0]", "client-a");
        properties.put("gateway.tenants." + A + ".request-topics[0]", topicA);
        properties.put("gateway.tenants." + B + ".api-clients[0]", "client-b");
        properties.put("gateway.tenants." + B + ".request-topics[0]", topicB);
        properties.put("gateway.tenants." + C + ".api-clients[0]", "client-c");
        properties.put("gateway.tenants." + C + ".request-topics[0]", topicC);
        // the background retry of a refused tenant's token, and the hold-back of the own org, start at 2 s
        properties.put("gateway.hold-back.initial-delay", "2s");
        properties.put("gateway.hold-back.max-delay", "4s");
        properties.put("gateway.maskinporten.retry-attempts", "2");
    });

    @BeforeAll
    static void collect() {
        collector = new OutcomeCollector(api.topics().results(), api.topics().errors());
    }

    @AfterEach
    void clearFaults() {
        api.simulator().clearFaults();
    }

    @AfterAll
    static void stop() {
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    @Order(1)
    void maskinportenRefusesTenantA_itsIdsRejectedAtOnce_noOneElseWaits_AServedAgainOnceRestored(CapturedOutput logs)
            throws Exception {
        RequestProducer toB = new RequestProducer(topicB);
        bThroughput(toB, "warm-up"); // JIT, B's first token, the consumers' first fetches: not measured
        double baseline = bThroughput(toB, "baseline");

        api.simulator().addFaults("{\"refusedConsumerOrgs\":[\"" + A + "\"]}");
        List<String> idsA = TestIds.valid(3, 81);
        long started = System.nanoTime();
        HttpResponse<String> first = api.postAs("client-a", A, idsA);
        long firstMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(MAPPER.readTree(first.body()).get("outcomes")).hasSize(3).allSatisfy(outcome -> {
            assertThat(outcome.at("/error/code").asText()).isEqualTo("CONSUMER_ORG_REJECTED");
            assertThat(outcome.at("/error/message").asText()).contains("invalid_scope MP-251")
                    .doesNotContain("delegated");
        });

        // A keeps sending, over the API and on its topic, while B's load runs
        long tokenRequests = api.simulator().stats().get("tokenRequests").asLong();
        AtomicBoolean flooding = new AtomicBoolean(true);
        List<Long> latenciesA = Collections.synchronizedList(new ArrayList<>());
        List<Integer> statusesA = Collections.synchronizedList(new ArrayList<>());
        RequestProducer toA = new RequestProducer(topicA);
        CompletableFuture<Integer> floodA = CompletableFuture.supplyAsync(() -> {
            int records = 0;
            try {
                while (flooding.get()) {
                    long sent = System.nanoTime();
                    HttpResponse<String> response = api.postAs("client-a", A, idsA);
                    latenciesA.add((System.nanoTime() - sent) / 1_000_000);
                    statusesA.add(response.statusCode());
                    toA.send("flood-a-" + records++, TestIds.valid(10, 82), null);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return records;
        });
        double meanwhile;
        try {
            meanwhile = bThroughput(toB, "meanwhile");
            HttpResponse<String> forB = api.postAs("client-b", B, TestIds.valid(2, 83));
            assertThat(forB.statusCode()).as("B over the API meanwhile: " + forB.body()).isEqualTo(200);
            assertThat(MAPPER.readTree(forB.body()).get("outcomes"))
                    .allSatisfy(outcome -> assertThat(outcome.has("notifiable")).isTrue());
            HttpResponse<String> own = api.postAs("client-b", null, TestIds.valid(2, 84));
            assertThat(own.statusCode()).as("the own org meanwhile").isEqualTo(200);

            JsonNode health = MAPPER.readTree(Actuator.get(api.context(), "/actuator/health").body());
            assertThat(health.at("/components/tenants/status").asText()).isEqualTo("DEGRADED");
            assertThat(health.at("/components/tenants/details/refused/" + A + "/code").asText())
                    .isEqualTo("invalid_scope MP-251");
            assertThat(health.at("/components/tenants/details/refused").has(B)).isFalse();
            assertThat(health.at("/components/krr/details/intake").asText()).as("no hold-back")
                    .isEqualTo("running");
            assertThat(health.at("/components/maskinporten/status").asText()).isEqualTo("UP");
        } finally {
            flooding.set(false);
        }
        int recordsA = floodA.get();
        assertThat(statusesA).as("A's API requests: answered, never 503").containsOnly(200);
        List<OutcomeCollector.Outcome> outcomesA = collector.awaitUntil(all -> all.stream()
                .filter(o -> o.value().path("requestId").asText().startsWith("flood-a-")).count() >= recordsA * 10L,
                Duration.ofSeconds(120)).stream()
                .filter(o -> o.value().path("requestId").asText().startsWith("flood-a-")).toList();
        assertThat(outcomesA).hasSizeGreaterThanOrEqualTo(recordsA * 10).allSatisfy(outcome ->
                assertThat(outcome.value().at("/error/code").asText()).isEqualTo("CONSUMER_ORG_REJECTED"));
        long tokenRequestsForA = api.simulator().stats().get("tokenRequests").asLong() - tokenRequests;
        double rejections = new PrometheusScrape(Actuator.get(api.context(), "/actuator/prometheus").body())
                .sum("gateway_tenant_rejections_total", "org", A);
        assertThat(rejections).isGreaterThanOrEqualTo(1);
        assertThat(logs.getAll()).contains("Tenant " + A + " is refused").doesNotContain("Tenant " + B + " is refused");

        List<Long> sorted = latenciesA.stream().sorted().toList();
        System.out.printf("tenants: refused tenant A, first API request (its token refused) answered in %d ms; then "
                        + "%d API requests of 3 ids while refused: p50 %d ms, max %d ms; %d Kafka records of 10 ids all "
                        + "CONSUMER_ORG_REJECTED; token requests meanwhile (background retries) %d; "
                        + "gateway_tenant_rejections_total{org=A} %.0f%n", firstMillis, sorted.size(),
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), recordsA, tokenRequestsForA, rejections);
        System.out.printf("tenants: tenant B throughput, %d ids over Kafka: %.0f ids/s alone, %.0f ids/s while A is "
                + "refused and keeps sending%n", B_RECORDS * 500, baseline, meanwhile);

        // Maskinporten serves A again: the background retry gets its token, and A is looked up again
        api.simulator().clearFaults();
        Awaitility.await("tenant A back").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> MAPPER.readTree(Actuator.get(api.context(), "/actuator/health").body())
                        .at("/components/tenants/status").asText().equals("UP"));
        HttpResponse<String> again = api.postAs("client-a", A, idsA);
        assertThat(MAPPER.readTree(again.body()).get("outcomes"))
                .allSatisfy(outcome -> assertThat(outcome.has("notifiable")).as(outcome.toString()).isTrue());
    }

    @Test
    @Order(3)
    void krrAnswers403ToTenantBsToken_BsIdsRejected_theOwnOrgServed() throws Exception {
        api.simulator().addFaults("{\"krrDeniedConsumerOrgs\":[\"" + B + "\"]}");

        HttpResponse<String> forB = api.postAs("client-b", B, TestIds.valid(2, 85));
        HttpResponse<String> own = api.postAs("client-a", null, TestIds.valid(2, 86));

        assertThat(MAPPER.readTree(forB.body()).get("outcomes")).allSatisfy(outcome ->
                assertThat(outcome.at("/error/message").asText()).contains("KRR refused this consumerOrg's token "
                        + "(HTTP 403)"));
        assertThat(MAPPER.readTree(own.body()).get("outcomes"))
                .allSatisfy(outcome -> assertThat(outcome.has("notifiable")).isTrue());
        JsonNode health = MAPPER.readTree(Actuator.get(api.context(), "/actuator/health").body());
        assertThat(health.at("/components/tenants/details/refused/" + B + "/refusedBy").asText()).isEqualTo("KRR");
        assertThat(health.at("/components/krr/details/intake").asText()).isEqualTo("running");
    }

    @Test
    @Order(4)
    void maskinportenRefusesTheOwnOrg_everyoneHeldBackAsBefore() throws Exception {
        // KRR refuses the own org's cached token, and Maskinporten a new one
        api.simulator().addFaults("{\"refusedConsumerOrgs\":[\"" + OWN + "\"],\"krrDeniedConsumerOrgs\":[\"" + OWN
                + "\"]}");

        HttpResponse<String> own = api.postAs("client-a", null, TestIds.valid(2, 87));

        assertThat(own.statusCode()).as(own.body()).isEqualTo(503);
        Awaitility.await("intake held back").atMost(Duration.ofSeconds(30))
                .until(() -> MAPPER.readTree(Actuator.get(api.context(), "/actuator/health").body())
                        .at("/components/krr/details/intake").asText().equals("held back"));
        api.simulator().clearFaults();
        Awaitility.await("intake resumed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> MAPPER.readTree(Actuator.get(api.context(), "/actuator/health").body())
                        .at("/components/krr/details/intake").asText().equals("running"));
    }

    @Test
    @Order(2)
    void krrAnswers401ToTenantAsFreshTokenToo_AsIdsRejected_BAndTheOwnOrgServed_noHoldBack() throws Exception {
        api.simulator().addFaults("{\"krrUnauthorizedConsumerOrgs\":[\"" + A + "\"]}");

        HttpResponse<String> forA = api.postAs("client-a", A, TestIds.valid(2, 88));
        HttpResponse<String> forB = api.postAs("client-b", B, TestIds.valid(2, 89));
        HttpResponse<String> own = api.postAs("client-b", null, TestIds.valid(2, 90));

        assertThat(forA.statusCode()).as(forA.body()).isEqualTo(200);
        assertThat(MAPPER.readTree(forA.body()).get("outcomes")).hasSize(2).allSatisfy(outcome ->
                assertThat(outcome.at("/error/message").asText()).contains("KRR refused this consumerOrg's token "
                        + "(HTTP 401)"));
        for (HttpResponse<String> served : List.of(forB, own)) {
            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
            assertThat(MAPPER.readTree(served.body()).get("outcomes"))
                    .allSatisfy(outcome -> assertThat(outcome.has("notifiable")).isTrue());
        }
        JsonNode health = MAPPER.readTree(Actuator.get(api.context(), "/actuator/health").body());
        assertThat(health.at("/components/tenants/details/refused/" + A + "/code").asText()).isEqualTo("HTTP 401");
        assertThat(health.at("/components/krr/details/intake").asText()).isEqualTo("running");
    }

    @Test
    @Order(5)
    void maskinportenFailsForTenantCsGrantsAlone_CsIdsRejected_othersServed_noHoldBack_CServedOnceItRecovers(
            CapturedOutput logs) throws Exception {
        api.simulator().addFaults("{\"maskinportenUnavailableConsumerOrgs\":[\"" + C + "\"]}");

        HttpResponse<String> forC = api.postAs("client-c", C, TestIds.valid(2, 91));
        new RequestProducer(topicC).send("c-while-failing", TestIds.valid(3, 92), null);
        HttpResponse<String> forB = api.postAs("client-b", B, TestIds.valid(2, 93));
        HttpResponse<String> own = api.postAs("client-b", null, TestIds.valid(2, 94));

        assertThat(forC.statusCode()).as(forC.body()).isEqualTo(200);
        assertThat(MAPPER.readTree(forC.body()).get("outcomes")).hasSize(2).allSatisfy(outcome -> {
            assertThat(outcome.at("/error/code").asText()).isEqualTo("CONSUMER_ORG_REJECTED");
            assertThat(outcome.at("/error/message").asText())
                    .isEqualTo("Maskinporten issued no token for this consumerOrg (HTTP 503); nothing was looked up");
        });
        for (HttpResponse<String> served : List.of(forB, own)) {
            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
            assertThat(MAPPER.readTree(served.body()).get("outcomes"))
                    .allSatisfy(outcome -> assertThat(outcome.has("notifiable")).isTrue());
        }
        List<OutcomeCollector.Outcome> overKafka = collector.awaitUntil(all -> all.stream()
                .filter(o -> o.value().path("requestId").asText().equals("c-while-failing")).count() >= 3,
                Duration.ofSeconds(60)).stream()
                .filter(o -> o.value().path("requestId").asText().equals("c-while-failing")).toList();
        assertThat(overKafka).hasSize(3).allSatisfy(outcome ->
                assertThat(outcome.value().at("/error/code").asText()).isEqualTo("CONSUMER_ORG_REJECTED"));
        JsonNode health = MAPPER.readTree(Actuator.get(api.context(), "/actuator/health").body());
        assertThat(health.at("/components/tenants/details/refused/" + C + "/code").asText()).isEqualTo("HTTP 503");
        assertThat(health.at("/components/krr/details/intake").asText()).isEqualTo("running");
        assertThat(health.at("/components/maskinporten/status").asText()).isEqualTo("UP");
        assertThat(logs.getAll()).doesNotContain("holding intake back");

        api.simulator().clearFaults();
        Awaitility.await("tenant C back").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> MAPPER.readTree(Actuator.get(api.context(), "/actuator/health").body())
                        .at("/components/tenants/status").asText().equals("UP"));
        HttpResponse<String> again = api.postAs("client-c", C, TestIds.valid(2, 91));
        assertThat(MAPPER.readTree(again.body()).get("outcomes"))
                .allSatisfy(outcome -> assertThat(outcome.has("notifiable")).as(outcome.toString()).isTrue());
    }

    /** Sends B's load on its topic and waits for every outcome: ids per second from the first send. */
    private static double bThroughput(RequestProducer toB, String run) throws Exception {
        long started = System.nanoTime();
        for (int i = 0; i < B_RECORDS; i++) {
            toB.send(run + "-b-" + i, TestIds.valid(500, 900 + i), null);
        }
        List<OutcomeCollector.Outcome> outcomes = collector.awaitUntil(all -> all.stream()
                .filter(o -> o.value().path("requestId").asText().startsWith(run + "-b-")).count()
                >= B_RECORDS * 500L, Duration.ofSeconds(180));
        double seconds = (System.nanoTime() - started) / 1e9;
        List<OutcomeCollector.Outcome> forB = outcomes.stream()
                .filter(o -> o.value().path("requestId").asText().startsWith(run + "-b-")).toList();
        assertThat(forB).as("every id of B answered (" + run + ")").hasSizeGreaterThanOrEqualTo(B_RECORDS * 500);
        assertThat(forB).as("B's ids looked up, not refused").noneMatch(o ->
                o.value().at("/error/code").asText().startsWith("CONSUMER_ORG"));
        return B_RECORDS * 500 / seconds;
    }

}
