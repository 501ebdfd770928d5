// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import no.krrgateway.api.LookupCoalescer;
import no.krrgateway.support.ApiGateway;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tenant whose Maskinporten grant is slow holds no KRR call slot while it waits: the simulator holds tenant A's
 * grants unanswered (until the fault is cleared, far below the gateway's Maskinporten timeout), A's Kafka record of
 * four calls waits for A's token, and tenant B's API request, whose token is at hand, is answered meanwhile. With
 * the token fetched inside the call, A's calls took both call slots and B waited for A's token. Over the API alike:
 * tenant C's requests, enough for both slots, wait for C's held token without taking a slot, so B is answered.
 */
class TenantTokenSlotsIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String A = "910000001";
    private static final String B = "910000002";
    private static final String C = "910000003";

    /** Each request waits on its own thread (the common pool may have one). */
    private static final ExecutorService POSTS = Executors.newCachedThreadPool();
    private static String topicA;

    @RegisterExtension
    static final ApiGateway api = ApiGateway.perClass("token-slots", 1, Map.of(), properties -> {
        topicA = TestBroker.createTopic("token-slots.a.requests", 1);
        properties.put("gateway.tenants." + A + ".request-topics[0]", topicA);
        properties.put("gateway.tenants." + B + ".api-clients[0]", "client-b");
        properties.put("gateway.tenants." + C + ".api-clients[0]", "client-c");
        properties.put("gateway.api.timeout", "30s"); // C's requests outwait the test's hold of C's token
        properties.put("gateway.krr.max-concurrent-calls", "2");
        properties.put("gateway.krr.batch-size", "5");
        properties.put("gateway.maskinporten.timeout", "5m"); // A's fetch ends when the test releases it
        properties.put("gateway.maskinporten.retry-attempts", "1");
    });

    @Test
    void aTenantsTokenHeldAtMaskinporten_anotherTenantsLookupAnsweredMeanwhile_thenTheFirstOnesToo() throws Exception {
        assertThat(api.postAs("client-b", B, TestIds.valid(2, 70)).statusCode()).isEqualTo(200); // B's token at hand
        api.simulator().addFaults("{\"maskinportenHeldConsumerOrgs\":[\"" + A + "\"],\"hangFor\":\"5m\"}");
        long tokenRequests = api.simulator().stats().get("tokenRequests").asLong();

        try (var collector = new OutcomeCollector(api.topics().results(), api.topics().errors())) {
            new RequestProducer(topicA).send("a-slow-token", TestIds.valid(20, 71), null);
            Awaitility.await("A's grant held at Maskinporten").atMost(Duration.ofSeconds(60))
                    .until(() -> api.simulator().stats().get("tokenRequests").asLong() > tokenRequests);

            CompletableFuture<HttpResponse<String>> forB = CompletableFuture.supplyAsync(() -> {
                try {
                    return api.postAs("client-b", B, TestIds.valid(2, 72));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                Awaitility.await("B answered while A's grant is held").atMost(Duration.ofSeconds(30))
                        .until(forB::isDone);
                assertThat(forB.get().statusCode()).as(forB.get().body()).isEqualTo(200);
                assertThat(MAPPER.readTree(forB.get().body()).get("outcomes"))
                        .allSatisfy(outcome -> assertThat(outcome.has("notifiable")).isTrue());
                assertThat(collector.drain(Duration.ofMillis(500))).as("A still waits for its token").isEmpty();
            } finally {
                api.simulator().clearFaults();
            }

            List<OutcomeCollector.Outcome> forA = collector.awaitAtLeast(20, Duration.ofSeconds(60));
            assertThat(forA).hasSize(20).allSatisfy(outcome ->
                    assertThat(outcome.value().has("notifiable")).as(outcome.value().toString()).isTrue());
        }
    }

    @Test
    void aTenantsTokenHeldAtMaskinporten_itsApiRequestsHoldNoLookupSlot_anotherTenantAnsweredMeanwhile()
            throws Exception {
        assertThat(api.postAs("client-b", B, TestIds.valid(2, 80)).statusCode()).isEqualTo(200); // B's token at hand
        api.simulator().addFaults("{\"maskinportenHeldConsumerOrgs\":[\"" + C + "\"],\"hangFor\":\"5m\"}");
        LookupCoalescer coalescer = api.context().getBean(LookupCoalescer.class);
        int waiting = coalescer.waitingIds();

        // two batches of C (batch-size 5): with a slot taken before the token, both call slots
        List<CompletableFuture<HttpResponse<String>>> forC = List.of(postAsync("client-c", C, TestIds.valid(5, 81)),
                postAsync("client-c", C, TestIds.valid(5, 82)));
        try {
            Awaitility.await("C's requests waiting").atMost(Duration.ofSeconds(30))
                    .until(() -> coalescer.waitingIds() == waiting + 10);
            CompletableFuture<HttpResponse<String>> forB = postAsync("client-b", B, TestIds.valid(2, 83));
            Awaitility.await("B answered while C's grant is held").atMost(Duration.ofSeconds(60)).until(forB::isDone);
            assertThat(forB.get().statusCode()).as(forB.get().body()).isEqualTo(200);
            assertThat(MAPPER.readTree(forB.get().body()).get("outcomes"))
                    .allSatisfy(outcome -> assertThat(outcome.has("notifiable")).isTrue());
            assertThat(forC).as("C still waits for its token").noneMatch(CompletableFuture::isDone);
        } finally {
            api.simulator().clearFaults();
        }

        for (CompletableFuture<HttpResponse<String>> answer : forC) {
            Awaitility.await("C answered once its token comes").atMost(Duration.ofSeconds(60)).until(answer::isDone);
            assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(200);
            assertThat(MAPPER.readTree(answer.get().body()).get("outcomes")).hasSize(5)
                    .allSatisfy(outcome -> assertThat(outcome.has("notifiable")).as(outcome.toString()).isTrue());
        }
    }

    private static CompletableFuture<HttpResponse<String>> postAsync(String client, String org, List<String> ids) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return api.postAs(client, org, ids);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, POSTS);
    }

    @AfterAll
    static void stopPosts() {
        POSTS.shutdownNow();
    }
}
