// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import no.krrgateway.simulator.TestPersons;
import no.krrgateway.support.ApiGateway;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;

/**
 * Issue 24 point 3, end to end over real HTTP with real JWTs (a test key served as a JWK set): the API is bounded by
 * configuration, never by the caller. An endless chunked body is refused at gateway.api.max-body-size; stalled bodies
 * hold no thread and get 408 at gateway.api.body-timeout while a fresh caller is answered; one client's flood leaves
 * another client's single id answered (200) within a few KRR calls; a caller that times out has its unsent ids
 * withdrawn, and the ids it had in flight are audited.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiBoundsIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @RegisterExtension
    static final ApiGateway api = ApiGateway.perClass("api-bounds", 1, Map.of(), properties -> {
        properties.put("gateway.api.max-body-size", MAX_BODY + "B");
        // Few threads on purpose: stalled bodies that held one each would soon leave none for a fresh caller.
        properties.put("gateway.api.max-concurrent-requests", "40");
        properties.put("server.tomcat.threads.max", "20");
    });

    @AfterEach
    void clearFaults() {
        api.simulator().clearFaults();
    }

    @Test
    void endlessChunkedBody_413AndReadingStopsAtTheLimit() throws Exception {
        try (Socket socket = new Socket("localhost", api.port())) {
            socket.setSendBufferSize(8 * 1024);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(headers("Transfer-Encoding: chunked", api.token("chunker")));
            AtomicReference<String> status = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                try {
                    status.set(new BufferedReader(new InputStreamReader(socket.getInputStream(),
                            StandardCharsets.US_ASCII)).readLine());
                } catch (IOException e) {
                    status.set("failed: " + e);
                }
            });
            reader.start();
            byte[] chunk = chunk(8192);
            long written = 0;
            long limit = 64L * 1024 * 1024;
            try {
                while (status.get() == null && written < limit) {
                    out.write(chunk);
                    written += chunk.length;
                }
            } catch (IOException closedByTheGateway) {
                // the gateway stopped reading and closed the connection: the answer is already on its way
            }
            reader.join(60_000);
            System.out.printf("api-bounds: endless chunked body, max-body-size %d bytes: %s after %,d bytes "
                    + "written by the client (the gateway read at most that)%n", MAX_BODY, status.get(), written);
            assertThat(status.get()).startsWith("HTTP/1.1 413");
            // the bytes in flight in the two sockets' buffers on loopback come on top of what the gateway read
            assertThat(written).as("bytes sent before the 413").isLessThan(MAX_BODY + 1024L * 1024);
        }
    }

    @Test
    void declaredTooLarge_413BeforeAnyOfTheBodyIsSent() throws Exception {
        try (Socket socket = new Socket("localhost", api.port())) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(headers("Content-Length: " + (MAX_BODY + 1), api.token("big")));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(status).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void expectContinue_theBodyIsAskedForAndAnswered() throws Exception {
        // curl and many HTTP clients send larger bodies only after the server's 100 Continue
        byte[] body = ("{\"personidentifikatorer\":[\"" + TestPersons.NOTIFIABLE.id() + "\"]}")
                .getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket("localhost", api.port())) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(headers("Expect: 100-continue\r\nContent-Length: " + body.length,
                    api.token("curl")));
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("HTTP/1.1 100");
            assertThat(in.readLine()).isEmpty();
            socket.getOutputStream().write(body);
            assertThat(in.readLine()).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void hugeHeadersOrUrl_400ProblemFromTheWebServer() throws Exception {
        // server.max-http-request-header-size (Boot's 8 KB) caps the request line and headers together, Tomcat's
        // maxHeaderCount (100) their number: Tomcat answers 400 and closes, a problem as every answer (it was
        // Tomcat's HTML page); a valid body, which would be answered 200 past those caps
        String body = "{\"personidentifikatorer\":[\"" + TestPersons.NOTIFIABLE.id() + "\"]}";
        String big = "a".repeat(64 * 1024);
        Map<String, String> cases = Map.of("500 headers", "X-H: v\r\n".repeat(500), "a 64 KB header", "X-Big: " + big
                + "\r\n", "a 64 KB bearer", "Authorization: Bearer " + big + "\r\n", "a 64 KB URL", "");
        for (var request : cases.entrySet()) {
            try (Socket socket = new Socket("localhost", api.port())) {
                socket.setSoTimeout(60_000);
                String path = "/api/v1/lookups" + (request.getValue().isEmpty() ? "?" + big : "");
                socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\n" + request.getValue()
                        + new String(headers("Content-Length: " + body.length(), api.token("headers")),
                        StandardCharsets.US_ASCII).substring("POST /api/v1/lookups HTTP/1.1\r\n".length()) + body)
                        .getBytes(StandardCharsets.US_ASCII));
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                List<String> answer = new ArrayList<>();
                String line;
                do { // the status line, headers, a chunk's size perhaps, up to the body (or the end)
                    line = in.readLine();
                    answer.add(line);
                } while (line != null && !line.startsWith("{"));
                assertThat(answer.get(0)).as(request.getKey()).startsWith("HTTP/1.1 400");
                assertThat(answer).as(request.getKey()).contains("Content-Type: application/problem+json");
                assertThat(MAPPER.readTree(line).get("type").asText())
                        .isEqualTo("urn:krr-gateway:problem:invalid-request");
            }
        }
    }

    @Test
    void stalledBodies_408AtTheBodyTimeoutWhileAFreshCallerIsAnswered() throws Exception {
        int stalled = 200;
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < stalled; i++) {
                Socket socket = new Socket("localhost", api.port());
                socket.setSoTimeout(60_000);
                sockets.add(socket);
                // 100 bytes announced, 10 sent, the rest never; a client each, as one holds only its share of bodies
                socket.getOutputStream().write(headers("Content-Length: 100", api.token("staller-" + i)));
                socket.getOutputStream().write("{\"personid".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }
            // two fresh callers in turn while the stalled bodies wait out gateway.api.body-timeout (10 s): the first
            // meets the web server still taking the 200 in
            for (String caller : List.of("the first", "the second")) {
                long started = System.nanoTime();
                HttpResponse<String> fresh = post("{\"personidentifikatorer\":[\"" + TestPersons.NOTIFIABLE.id()
                        + "\"]}", api.token("fresh"));
                System.out.printf("api-bounds: %s fresh caller beside %d stalled bodies answered %d in %d ms "
                        + "(20 web server threads, 40 API threads)%n", caller, stalled, fresh.statusCode(),
                        (System.nanoTime() - started) / 1_000_000);
                assertThat(fresh.statusCode()).isEqualTo(200);
            }

            for (Socket socket : sockets) {
                String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
                assertThat(status).as("a stalled body's answer").startsWith("HTTP/1.1 408");
            }
            // the stalled connections still open: answering them took no thread that the next caller needs
            long after = System.nanoTime();
            HttpResponse<String> next = post("{\"personidentifikatorer\":[\"" + TestPersons.NOTIFIABLE.id() + "\"]}",
                    api.token("fresh"));
            System.out.printf("api-bounds: after the 408s, the next caller answered %d in %d ms%n",
                    next.statusCode(), (System.nanoTime() - after) / 1_000_000);
            assertThat(next.statusCode()).isEqualTo(200);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void oneClientFloods_anotherClientsSingleIdAnswered200WithinAFewKrrCalls() throws Exception {
        api.simulator().faults("{\"latencyMin\":\"2s\"}");
        api.simulator().resetStats();
        String flooder = api.token("flooder");
        List<String> ids = TestIds.valid(25_000, 2401);
        List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        for (int r = 0; r < 25; r++) {
            flood.add(postAsync(body(ids.subList(r * 1000, (r + 1) * 1000)), flooder));
        }
        // every KRR call slot (gateway.krr.max-concurrent-calls, 4) busy with the flood
        Awaitility.await("the flood in KRR").atMost(Duration.ofSeconds(60))
                .until(() -> api.simulator().stats().get("krrCalls").asLong() >= 4);

        long callsBefore = api.simulator().stats().get("krrCalls").asLong();
        long started = System.nanoTime();
        HttpResponse<String> single = post(body(List.of(TestPersons.NOTIFIABLE.id())), api.token("single"));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        long callsMeanwhile = api.simulator().stats().get("krrCalls").asLong() - callsBefore;

        int[] statuses = flood.stream().mapToInt(answer -> answer.join().statusCode()).toArray();
        System.out.printf("api-bounds: beside 25 x 1000 ids of one client (KRR 2 s per call), another client's "
                + "single id: %d in %d ms, %d KRR calls begun meanwhile; the flood's answers %s%n",
                single.statusCode(), tookMs, callsMeanwhile, Arrays.toString(statuses));
        assertThat(single.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(single.body()).at("/outcomes/0/notifiable").asBoolean()).isTrue();
        // the 4 calls in flight when it came, the one carrying it, the other slots' next calls meanwhile (at most 8),
        // and a round more for a loaded machine's late answer; the flood alone had 6 more calls of ids waiting
        assertThat(callsMeanwhile).as("KRR calls begun while the single id waited").isLessThanOrEqualTo(12);
        assertThat(Arrays.stream(statuses).filter(status -> status == 503).count())
                .as("the flooder's requests over gateway.api.max-waiting-ids-per-client (10000)").isPositive();
    }

    @Test
    void callerTimesOut_unsentIdsWithdrawnAndItsLookedUpIdsAudited(CapturedOutput logs) throws Exception {
        try (var slow = SimulatorServer.start(Map.of("gateway.simulator.latency", "6s"))) {
            Map<String, Object> properties = ApiGateway.properties(slow, api.issuer(),
                    TestBroker.createTopics("api-withdraw", 1), "api-withdraw");
            properties.put("gateway.krr.max-concurrent-calls", "1");
            properties.put("gateway.api.timeout", "3s");
            properties.put("gateway.api.body-timeout", "2s");
            try (var withdrawing = GatewayProcess.start(properties)) {
                int withdrawingPort = ((WebServerApplicationContext) withdrawing).getWebServer().getPort();
                var inFlight = postAsync(withdrawingPort, "{\"requestId\":\"in-flight\",\"personidentifikatorer\":"
                        + MAPPER.writeValueAsString(TestIds.valid(10, 2411)) + "}", api.token("first"));
                Awaitility.await("the first request in KRR").atMost(Duration.ofSeconds(30))
                        .until(() -> slow.stats().get("krrCalls").asLong() == 1);
                var waiting = postAsync(withdrawingPort, "{\"requestId\":\"waiting\",\"personidentifikatorer\":"
                        + MAPPER.writeValueAsString(TestIds.valid(10, 2412)) + "}", api.token("second"));

                assertThat(inFlight.join().statusCode()).isEqualTo(503);
                assertThat(MAPPER.readTree(waiting.join().body()).get("type").asText()).endsWith("timeout");
                Awaitility.await("the in-flight caller's audit event").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> apiEvents(logs.getAll()).stream()
                                .anyMatch(event -> event.get("requestId").asText().equals("in-flight")));
                // the waiting caller's ids are never sent, however long the slot stays free
                Awaitility.await("nothing more sent").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                        .until(() -> slow.stats().get("krrCalls").asLong() == 1);
                JsonNode stats = slow.stats();
                JsonNode event = apiEvents(logs.getAll()).stream()
                        .filter(e -> e.get("requestId").asText().equals("in-flight")).findFirst().orElseThrow();
                System.out.printf("api-bounds: two callers timed out (3 s) with KRR at 6 s: %d KRR call(s), %d ids "
                        + "sent; audit event %s%n", stats.get("krrCalls").asLong(),
                        stats.get("krrIdsRequested").asLong(), event);
                assertThat(stats.get("krrIdsRequested").asLong()).as("only the in-flight caller's ids").isEqualTo(10);
                assertThat(event.get("source").asText()).isEqualTo("client:first");
                assertThat(event.get("ids").asLong()).isEqualTo(10);
                assertThat(event.get("callerGaveUp").asBoolean()).isTrue();
                assertThat(apiEvents(logs.getAll())).noneMatch(e -> e.get("requestId").asText().equals("waiting"));
            }
        }
    }

    private static List<JsonNode> apiEvents(String log) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : log.split("\n")) {
            int at = line.indexOf("{\"event\":\"lookup\"");
            if (at >= 0) {
                try {
                    JsonNode event = MAPPER.readTree(line.substring(at));
                    if ("api".equals(event.path("channel").asText())) {
                        events.add(event);
                    }
                } catch (IOException notAnEvent) {
                    // a line that only mentions it
                }
            }
        }
        return events;
    }

    private static String body(List<String> ids) throws IOException {
        return MAPPER.writeValueAsString(Map.of("personidentifikatorer", ids));
    }

    private static byte[] headers(String framing, String token) {
        return ("POST /api/v1/lookups HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + token + "\r\n" + framing + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] chunk(int size) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) '1');
        byte[] head = (Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[head.length + size + 2];
        System.arraycopy(head, 0, chunk, 0, head.length);
        System.arraycopy(data, 0, chunk, head.length, size);
        chunk[chunk.length - 2] = '\r';
        chunk[chunk.length - 1] = '\n';
        return chunk;
    }

    private static HttpResponse<String> post(String body, String token) throws Exception {
        return postAsync(api.port(), body, token).get();
    }

    private static CompletableFuture<HttpResponse<String>> postAsync(String body, String token) {
        return postAsync(api.port(), body, token);
    }

    private static CompletableFuture<HttpResponse<String>> postAsync(int to, String body, String token) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + to + "/api/v1/lookups"))
                .timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
