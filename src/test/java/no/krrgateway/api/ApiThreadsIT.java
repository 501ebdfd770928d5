// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * every other caller on the main port share; and one client holds only its share of them, its bodies being received
 * counted too.
 */
class ApiThreadsIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @RegisterExtension
    static final ApiGateway api = ApiGateway.perClass("api-threads", 1, Map.of("gateway.simulator.latency", "6s"),
            properties -> {
                // a client's share of the requests at once is its share of the waiting ids (10000 of 20000): 2 of 4
                properties.put("gateway.api.max-concurrent-requests", "4");
                properties.put("server.tomcat.threads.max", "4");
                properties.put("server.tomcat.threads.min-spare", "1");
            });

    @Test
    void moreRequestsThanApiThreads_theProbesAnsweredBeforeKrrIs() throws Exception {
        api.simulator().resetStats();
        List<CompletableFuture<HttpResponse<String>>> flood = flood(TestIds.valid(12, 2601));

        HttpResponse<String> livez = send(HttpRequest.newBuilder(URI.create(api.url() + "/livez"))
                .timeout(Duration.ofSeconds(60)).build()).join();
        long lookedUpBeforeLivez = answered200(flood);
        List<Integer> statuses = flood.stream().map(answer -> answer.join().statusCode()).toList();
        System.out.printf("api-threads: 12 requests, 4 API threads, 4 web server threads, KRR 6 s: /livez %d with %d "
                + "of them answered 200 before it; the flood %s%n", livez.statusCode(), lookedUpBeforeLivez, statuses);

        assertThat(livez.statusCode()).isEqualTo(200);
        assertThat(lookedUpBeforeLivez).as("flood requests answered 200 before /livez was").isZero();
        assertThat(statuses).contains(200).contains(503).containsOnly(200, 503);
        HttpResponse<String> refused = flood.stream().map(CompletableFuture::join)
                .filter(answer -> answer.statusCode() == 503).findFirst().orElseThrow();
        assertThat(MAPPER.readTree(refused.body()).get("type").asText())
                .isEqualTo("urn:krr-gateway:problem:overloaded");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void oneClientsManySmallRequests_anotherClientStillLookedUp() throws Exception {
        api.simulator().resetStats();
        List<String> ids = TestIds.valid(12, 2611);
        List<CompletableFuture<HttpResponse<String>>> flood = flood(ids);
        // those of the flood not taken are answered at once (on today's gateway all but the 4 holding a thread)
        Awaitility.await("the flood's refusals").atMost(Duration.ofSeconds(30))
                .until(() -> flood.stream().filter(CompletableFuture::isDone).count() >= 8);

        HttpResponse<String> other = send(post("{\"personidentifikatorer\":[\"" + ids.get(0) + "\"]}",
                api.token("other"))).join();
        List<Integer> statuses = flood.stream().map(answer -> answer.join().statusCode()).toList();
        System.out.printf("api-threads: beside 12 one-id requests of one client (4 API threads, KRR 6 s), another "
                + "client's: %d; the flood %s%n", other.statusCode(), statuses);

        assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
        assertThat(statuses.stream().filter(status -> status == 200).count())
                .as("the flooder's requests looked up: its share of max-concurrent-requests").isEqualTo(2);
    }

    @Test
    void slowBodiesOfRefusedRequests_holdNoWebServerThread() throws Exception {
        // without a token the body is never read: 401 at once, and the rest of the body (990 bytes) never comes
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Socket socket = new Socket("localhost", api.port());
                socket.setSoTimeout(60_000);
                stalled.add(socket);
                socket.getOutputStream().write(("POST /api/v1/lookups HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"personid")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }
            String first = new BufferedReader(new InputStreamReader(stalled.get(0).getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            // the web server's connection timeout is 60 s: a thread that waits for the rest would outlast this
            HttpResponse<String> livez = send(HttpRequest.newBuilder(URI.create(api.url() + "/livez"))
                    .timeout(Duration.ofSeconds(20)).build()).exceptionally(failure -> null).join();
            System.out.printf("api-threads: 8 refused requests whose bodies stall, 4 web server threads: the first "
                    + "%s; /livez %s%n", first, livez == null ? "no answer in 20 s" : livez.statusCode());
            assertThat(first).startsWith("HTTP/1.1 401");
            assertThat(livez).as("/livez answered").isNotNull();
            assertThat(livez.statusCode()).isEqualTo(200);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void oneClientsStalledBodies_theOneOverItsShareRefusedBeforeItsBodyIsRead() throws Exception {
        // Each body being received is kept in memory (up to gateway.api.max-body-size) until it is in: a client's
        // bodies count against its share (2 of 4) from their first byte, so its uploads hold no more than that.
        List<Socket> stalled = new ArrayList<>();
        String token = api.token("uploader");
        try {
            for (int i = 0; i < 3; i++) {
                Socket socket = new Socket("localhost", api.port());
                socket.setSoTimeout(60_000);
                stalled.add(socket);
                socket.getOutputStream().write(("POST /api/v1/lookups HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nAuthorization: Bearer " + token + "\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"personid").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }
            List<String> statuses = new ArrayList<>();
            for (Socket socket : stalled) {
                statuses.add(new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine());
            }
            System.out.printf("api-threads: 3 stalled bodies of one client, its share 2: %s%n", statuses);
            assertThat(statuses).filteredOn(status -> status.startsWith("HTTP/1.1 503")).as(statuses.toString())
                    .hasSize(1);
            assertThat(statuses).filteredOn(status -> status.startsWith("HTTP/1.1 408")).hasSize(2);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void clientGoneMidBodyAndMidLookup_itsShareComesBack() throws Exception {
        // its share (2) taken by two requests whose caller goes away: one mid-body (reset), one waiting for KRR
        String token = api.token("leaver");
        String head = "POST /api/v1/lookups HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + token + "\r\n";
        String whole = "{\"personidentifikatorer\":[\"" + TestIds.valid(1, 2631).get(0) + "\"]}";
        api.simulator().resetStats();
        try (Socket midBody = new Socket("localhost", api.port());
             Socket midLookup = new Socket("localhost", api.port())) {
            midBody.getOutputStream().write((head + "Content-Length: 1000\r\n\r\n{\"personid")
                    .getBytes(StandardCharsets.US_ASCII));
            midLookup.getOutputStream().write((head + "Content-Length: " + whole.length() + "\r\n\r\n" + whole)
                    .getBytes(StandardCharsets.US_ASCII));
            Awaitility.await("the lookup in KRR").atMost(Duration.ofSeconds(30))
                    .until(() -> api.simulator().stats().get("krrCalls").asLong() >= 1);
            Awaitility.await("its share taken").atMost(Duration.ofSeconds(5))
                    .until(() -> send(post("{\"personidentifikatorer\":[]}", token)).join().statusCode() == 503);
            midBody.setSoLinger(true, 0);
        }
        // both released at the latest by the body timeout (10 s) and the lookup's end (6 s): never refused for good
        List<Integer> statuses = new ArrayList<>();
        Awaitility.await("the client's share back").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    int status = send(post("{\"personidentifikatorer\":[]}", token)).join().statusCode();
                    statuses.add(status);
                    return status != 503;
                });
        System.out.printf("api-threads: a client gone mid-body and mid-lookup, then its requests: %s%n", statuses);
    }

    /** One-id requests of client "flooder", each in a request of its own, until one is in KRR (6 s a call). */
    private static List<CompletableFuture<HttpResponse<String>>> flood(List<String> ids) {
        List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        for (String id : ids) {
            flood.add(send(post("{\"personidentifikatorer\":[\"" + id + "\"]}", api.token("flooder"))));
        }
        Awaitility.await("the flood in KRR").atMost(Duration.ofSeconds(30))
                .until(() -> api.simulator().stats().get("krrCalls").asLong() >= 1);
        return flood;
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
