// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import static no.krrgateway.simulator.SimulatorTestClients.BOTH_KRR_SCOPES;
import static no.krrgateway.simulator.SimulatorTestClients.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Fault injection set over {@code /simulator/faults} and seen by KRR and token clients over real HTTP. */
class SimulatorFaultsHttpTest extends SimulatorHttpTestBase {

    private static final String V2 = "/krr/rest/v2/personer";
    private static final String GOOD = "{\"personidentifikatorer\":[\"" + TestPersons.NOTIFIABLE.id() + "\"]}";

    @Autowired
    SimulatorStats stats;

    private String token;

    @BeforeEach
    void fresh() throws Exception {
        send("DELETE", "/simulator/faults", null);
        token = SimulatorTestClients.accessToken(baseUrl, BOTH_KRR_SCOPES);
        stats.reset();
    }

    @AfterEach
    void clearFaults() throws Exception {
        send("DELETE", "/simulator/faults", null);
    }

    @Test
    void rates_setOverHttp_giveThatStatusMixWithRetryAfterOn429() throws Exception {
        assertThat(send("POST", "/simulator/faults", """
                {"krrErrorRates":{"500":0.2,"503":0.1},"krr429Rate":0.1,"krr429RetryAfter":"2","seed":11}""")
                .statusCode()).isEqualTo(204);

        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> response = lookup(GOOD, null);
            statuses.merge(response.statusCode(), 1, Integer::sum);
            assertThat(response.headers().firstValue("Retry-After"))
                    .isEqualTo(response.statusCode() == 429 ? java.util.Optional.of("2") : java.util.Optional.empty());
        }

        assertThat(statuses.keySet()).containsExactly(200, 429, 500, 503);
        assertThat(statuses.get(500) / 200.0).isCloseTo(0.2, within(0.08));
        assertThat(statuses.get(503) / 200.0).isCloseTo(0.1, within(0.06));
        assertThat(statuses.get(429) / 200.0).isCloseTo(0.1, within(0.06));
        JsonNode counters = json(get("/simulator/stats"));
        assertThat(counters.get("krrCalls").asLong()).isEqualTo(200);
        assertThat(counters.get("injected429").asLong()).isEqualTo((long) statuses.get(429));
        assertThat(counters.get("injectedErrors").asLong()).isEqualTo((long) statuses.get(500) + statuses.get(503));
    }

    @Test
    void outageFor_answers503UntilPatchedAway() throws Exception {
        send("POST", "/simulator/faults", "{\"outageFor\":\"60s\",\"krrStatus\":500}");

        HttpResponse<String> during = lookup(GOOD, null);
        JsonNode shown = json(get("/simulator/faults"));
        send("PATCH", "/simulator/faults", "{\"outageFor\":\"0s\"}");
        HttpResponse<String> countedAfter = lookup(GOOD, null);
        HttpResponse<String> after = lookup(GOOD, null);

        assertThat(during.statusCode()).isEqualTo(503);
        assertThat(json(during).get("error").asText()).isEqualTo("Service Unavailable");
        assertThat(shown.get("outage").get("status").asInt()).isEqualTo(503);
        assertThat(Duration.parse(shown.get("outage").get("lasts").asText())).isBetween(Duration.ofSeconds(50),
                Duration.ofSeconds(60));
        assertThat(countedAfter.statusCode()).isEqualTo(500);
        assertThat(after.statusCode()).isEqualTo(200);
        JsonNode counters = json(get("/simulator/stats"));
        assertThat(counters.get("outageAnswers").asLong()).isEqualTo(1);
        assertThat(counters.get("krrCalls").asLong()).isEqualTo(3);
    }

    @Test
    void rejectIds_batchHoldingOne_is400WithoutNamingIt() throws Exception {
        String bad = TestPersons.RESERVED.id();
        send("POST", "/simulator/faults", "{\"rejectIds\":[\"" + bad + "\"]}");

        HttpResponse<String> mixed = lookup("{\"personidentifikatorer\":[\"" + TestPersons.NOTIFIABLE.id() + "\",\""
                + bad + "\"]}", null);
        HttpResponse<String> clean = lookup(GOOD, null);

        assertThat(mixed.statusCode()).isEqualTo(400);
        assertThat(json(mixed).get("message").asText()).contains("invalid personidentifikator");
        assertThat(mixed.body()).doesNotContain(bad);
        assertThat(clean.statusCode()).isEqualTo(200);
        assertThat(json(get("/simulator/stats")).get("rejectedBatches").asLong()).isEqualTo(1);
    }

    @Test
    void getFaults_afterPostAndPatch_showsMergedSettings() throws Exception {
        send("POST", "/simulator/faults", "{\"krrStatus\":503,\"krrCount\":-1,\"outage\":{\"startsIn\":\"1h\","
                + "\"lasts\":\"60s\"}}");
        assertThat(send("PATCH", "/simulator/faults", "{\"krr429Rate\":0.5,\"latencyMax\":\"20ms\"}").statusCode())
                .isEqualTo(204);

        JsonNode shown = json(get("/simulator/faults"));

        assertThat(shown.get("krrStatus").asInt()).isEqualTo(503);
        assertThat(shown.get("krrCount").asInt()).isEqualTo(-1);
        assertThat(shown.get("krr429Rate").asDouble()).isEqualTo(0.5);
        assertThat(shown.get("latencyMax").asText()).isEqualTo("PT0.02S");
        assertThat(Duration.parse(shown.get("outage").get("startsIn").asText())).isBetween(Duration.ofMinutes(59),
                Duration.ofHours(1));
        assertThat(shown.get("outage").get("lasts").asText()).isEqualTo("PT1M");
        assertThat(shown.has("rejectIds")).isFalse();
    }

    @Test
    void postFaults_invalidOrMisspelled_is400AndKeepsTheOldSettings() throws Exception {
        send("POST", "/simulator/faults", "{\"krr429Rate\":0.2}");

        HttpResponse<String> tooMuch = send("POST", "/simulator/faults", "{\"krrErrorRates\":{\"500\":0.9},"
                + "\"krr429Rate\":0.2}");
        HttpResponse<String> misspelled = send("PATCH", "/simulator/faults", "{\"krrErrorRate\":{\"500\":0.1}}");

        assertThat(tooMuch.statusCode()).isEqualTo(400);
        assertThat(json(tooMuch).get("error").asText()).contains("must add up to at most 1");
        assertThat(misspelled.statusCode()).isEqualTo(400);
        assertThat(json(misspelled).get("error").asText()).contains("krrErrorRate");
        assertThat(json(get("/simulator/faults")).get("krr429Rate").asDouble()).isEqualTo(0.2);
    }

    @Test
    void hang_clientTimesOut_whileOtherCallsAreStillServed() throws Exception {
        send("POST", "/simulator/faults", "{\"hangRate\":1.0,\"hangFor\":\"3s\"}");

        assertThatThrownBy(() -> lookup(GOOD, Duration.ofMillis(300))).isInstanceOf(HttpTimeoutException.class);
        send("DELETE", "/simulator/faults", null);
        HttpResponse<String> next = lookup(GOOD, Duration.ofSeconds(2));

        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(json(get("/simulator/stats")).get("hangs").asLong()).isEqualTo(1);
    }

    @Test
    void tokenErrorRates_allCalls_answerThatStatus() throws Exception {
        send("POST", "/simulator/faults", "{\"tokenErrorRates\":{\"503\":1.0}}");

        HttpResponse<String> response = SimulatorTestClients.requestToken(baseUrl, SimulatorTestClients.kidGrant(
                SimulatorTestClients.validClaims(issuer, BOTH_KRR_SCOPES).build()));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response).get("error").asText()).isEqualTo("temporarily_unavailable");
        assertThat(json(get("/simulator/stats")).get("injectedTokenErrors").asLong()).isEqualTo(1);
    }

    @Test
    void refusedConsumerOrgs_grantsForThatOrgRefusedMp251_othersServed_andKrrDeniesTokensOfDeniedOrgs()
            throws Exception {
        send("POST", "/simulator/faults", "{\"refusedConsumerOrgs\":[\"910000001\"],"
                + "\"krrDeniedConsumerOrgs\":[\"910000002\"]}");

        HttpResponse<String> refused = SimulatorTestClients.requestToken(baseUrl, SimulatorTestClients.kidGrant(
                SimulatorTestClients.validClaims(issuer, BOTH_KRR_SCOPES).claim("consumer_org", "910000001").build()));
        HttpResponse<String> other = SimulatorTestClients.requestToken(baseUrl, SimulatorTestClients.kidGrant(
                SimulatorTestClients.validClaims(issuer, BOTH_KRR_SCOPES).claim("consumer_org", "910000002").build()));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).get("error").asText()).isEqualTo("invalid_scope");
        assertThat(json(refused).get("error_uri").asText()).endsWith("/errors/MP-251");
        assertThat(other.statusCode()).isEqualTo(200);
        token = json(other).get("access_token").asText();
        assertThat(lookup(GOOD, null).statusCode()).as("KRR denies the token of 910000002").isEqualTo(403);

        token = SimulatorTestClients.accessToken(baseUrl, BOTH_KRR_SCOPES);
        assertThat(lookup(GOOD, null).statusCode()).as("the client's own token").isEqualTo(200);
    }

    private HttpResponse<String> lookup(String body, Duration timeout) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + V2))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (timeout != null) {
            request.timeout(timeout);
        }
        return SimulatorTestClients.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        return SimulatorTestClients.HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
