// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import no.krrgateway.support.ApiGateway;
import no.krrgateway.support.TestIds;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * gateway.api.max-concurrent-requests bounds the requests waiting for KRR: past it a request is answered 503
 * overloaded at once rather than waiting on one of the web server's threads, which the probes (/livez, /readyz) and
 * every other caller on the main port share.
 */
class ApiThreadsIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @RegisterExtension
    static final ApiGateway api = ApiGateway.perClass("api-threads", 1, Map.of("gateway.simulator.latency", "6s"),
            properties -> {
                properties.put("gateway.api.max-concurrent-requests", "2");
                properties.put("server.tomcat.threads.max", "4");
                properties.put("server.tomcat.threads.min-spare", "1");
            });

    @Test
    void moreRequestsThanApiThreads_probesAndAnotherClientAnsweredBeforeKrrIs() throws Exception {
        List<String> ids = TestIds.valid(12, 2601);
        List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        for (String id : ids) {
            flood.add(send(post("{\"personidentifikatorer\":[\"" + id + "\"]}", api.token("flooder"))));
        }
        Awaitility.await("the flood in KRR (6 s a call)").atMost(Duration.ofSeconds(30))
                .until(() -> api.simulator().stats().get("krrCalls").asLong() >= 1);

        HttpResponse<String> livez = send(HttpRequest.newBuilder(URI.create(api.url() + "/livez"))
                .timeout(Duration.ofSeconds(60)).build()).join();
        long lookedUpBeforeLivez = answered200(flood);
        HttpResponse<String> other = send(post("{\"personidentifikatorer\":[\"" + ids.get(0) + "\"]}",
                api.token("other"))).join();
        long lookedUpBeforeOther = answered200(flood);
        List<Integer> statuses = flood.stream().map(answer -> answer.join().statusCode()).toList();
        System.out.printf("api-threads: 12 requests of one client, 2 API threads, 4 web server threads, KRR 6 s: "
                + "/livez %d with %d of them answered 200 before it; another client %d %s with %d before it; "
                + "the flood %s%n", livez.statusCode(), lookedUpBeforeLivez, other.statusCode(),
                other.statusCode() == 200 ? "(its outcomes)" : other.body(),
                lookedUpBeforeOther, statuses);

        assertThat(livez.statusCode()).isEqualTo(200);
        assertThat(lookedUpBeforeLivez).as("flood requests answered 200 before /livez was").isZero();
        assertThat(lookedUpBeforeOther).as("flood requests answered 200 before the other client was").isZero();
        assertThat(other.statusCode()).isEqualTo(503);
        assertThat(MAPPER.readTree(other.body()).get("type").asText()).isEqualTo("urn:krr-gateway:problem:overloaded");
        assertThat(other.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(statuses).contains(200).contains(503).containsOnly(200, 503);
    }

    private static long answered200(List<CompletableFuture<HttpResponse<String>>> flood) {
        return flood.stream().filter(answer -> answer.isDone() && answer.join().statusCode() == 200).count();
    }

    private static HttpRequest post(String body, String token) {
        return HttpRequest.newBuilder(URI.create(api.url() + "/api/v1/lookups"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
