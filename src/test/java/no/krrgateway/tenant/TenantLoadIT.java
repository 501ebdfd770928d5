// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One tenant's load never holds back another's records on the Kafka path. Tenants A and B have request topics of their
 * own, read by the same (single) consumer; the gateway's KRR calls go through a tap in front of the simulator that
 * numbers them and the ids in them. A has a backlog; while one of A's calls is held, B sends one record. Counted,
 * not timed: how many of A's ids the gateway looks up after B's record was sent and before B's id, against a bound
 * taken from the configuration: the batch in progress and the next (gateway.kafka.max-poll-records records), and the
 * slice B's id is in (gateway.limits.ids-per-slice). Before each poll took the other topics' fetched records too, B's
 * record waited behind what the consumer had fetched of A (up to max.partition.fetch.bytes, 1 MB, per partition):
 * 24,395 ids of A's one-id requests (bound 2,000), 110,999 of A's requests of 1000 ids (bound 21,000).
 */
class TenantLoadIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String A = "910000001";
    private static final String B = "910000002";
    private static final int IDS_PER_SLICE = 1000;

    @RegisterExtension
    static final SimulatorServer simulator = SimulatorServer.perClass(Map.of());

    /** 50,000 records of one id: about 4 MB, four times what the consumer fetches of a partition at once (1 MB). */
    @Test
    void aBacklogOfOneIdRecords_BsRecordLookedUpWithinTheNextBatch() throws Exception {
        List<String> idsA = TestIds.valid(50_000, 4101);
        measure("load-one", idsA.stream().map(List::of).toList(), 1, 500);
    }

    /** 150 records of 1000 ids (the most in one KRR call) on two partitions: about 2 MB. */
    @Test
    void aBacklogOfRecordsOfAThousandIds_BsOneIdRecordNotStarved() throws Exception {
        List<String> idsA = TestIds.valid(150_000, 4201);
        List<List<String>> recordsA = new ArrayList<>();
        for (int i = 0; i < idsA.size(); i += 1000) {
            recordsA.add(idsA.subList(i, i + 1000));
        }
        measure("load-huge", recordsA, 1000, 10);
    }

    private void measure(String name, List<List<String>> recordsA, int idsPerRecordA, int maxPollRecords)
            throws Exception {
        Set<String> allA = recordsA.stream().flatMap(List::stream).collect(Collectors.toSet());
        String idB = TestIds.valid(1, 4999).get(0);
        // the batch in progress when B's record comes, the next, and B's slice, in which its call may come last
        long bound = 2L * maxPollRecords * idsPerRecordA + IDS_PER_SLICE;
        var topics = TestBroker.createTopics(name, 1);
        String topicA = TestBroker.createTopic(name + ".a.requests", idsPerRecordA == 1 ? 1 : 2);
        String topicB = TestBroker.createTopic(name + ".b.requests", 1);
        sendAll(topicA, name + "-a-", recordsA);
        try (KrrTap tap = new KrrTap(simulator.baseUrl() + "/krr");
             var collector = new OutcomeCollector(topics.results(), topics.errors())) {
            CountDownLatch release = tap.holdAfter(call -> call.ids().stream().anyMatch(allA::contains)
                    && tap.idsSeen(allA::contains) >= 3L * maxPollRecords * idsPerRecordA);
            Map<String, Object> properties = properties(topics, name, tap, topicA, topicB);
            properties.put("gateway.kafka.max-poll-records", String.valueOf(maxPollRecords));
            try (var gateway = GatewayProcess.start(properties)) {
                Awaitility.await("one of A's calls held, well into A's backlog").atMost(Duration.ofSeconds(120))
                        .until(tap::holding);
                int callsBefore = tap.calls().size();
                new RequestProducer(topicB).send(name + "-b", List.of(idB), null);
                release.countDown();
                collector.awaitUntil(seen -> seen.stream().anyMatch(o -> o.value().path("requestId").asText()
                        .equals(name + "-b")), Duration.ofSeconds(120));
                List<KrrTap.Call> calls = tap.calls();
                int callOfB = -1;
                for (int i = 0; i < calls.size(); i++) {
                    if (calls.get(i).ids().contains(idB)) {
                        callOfB = i;
                        break;
                    }
                }
                assertThat(callOfB).as("B's id looked up").isGreaterThanOrEqualTo(callsBefore);
                long aheadOfB = calls.subList(callsBefore, callOfB).stream()
                        .mapToLong(call -> call.ids().stream().filter(allA::contains).count()).sum();
                long aBefore = calls.subList(0, callsBefore).stream()
                        .mapToLong(call -> call.ids().stream().filter(allA::contains).count()).sum();
                System.out.printf("tenantload: %s: A's backlog %d ids in %d records; %d of A's ids looked up before "
                                + "B sent, %d after B sent and before B's id (%d calls, B's call #%d)%n", name,
                        allA.size(), recordsA.size(), aBefore, aheadOfB, callOfB - callsBefore, callOfB);
                assertThat(aheadOfB).as("A's ids looked up after B's record was sent, before B's id: at most the "
                        + "batch in progress, the next and a slice").isLessThanOrEqualTo(bound);
                assertThat(allA.size() - aBefore - aheadOfB).as("A's backlog not done when B is looked up")
                        .isGreaterThan(bound);
            }
        }
    }

    private static Map<String, Object> properties(TestBroker.Topics topics, String group, KrrTap tap, String topicA,
                                                  String topicB) {
        Map<String, Object> properties = new HashMap<>(simulator.gatewayProperties(topics, group));
        properties.put("gateway.krr.base-url", tap.baseUrl());
        properties.put("gateway.tenants." + A + ".request-topics[0]", topicA);
        properties.put("gateway.tenants." + B + ".request-topics[0]", topicB);
        properties.put("gateway.kafka.consumers", "1");
        properties.put("gateway.limits.ids-per-slice", String.valueOf(IDS_PER_SLICE));
        return properties;
    }

    private static void sendAll(String topic, String requestPrefix, List<List<String>> records) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records.size(); i++) {
                String value = "{\"requestId\":\"" + requestPrefix + i + "\",\"personidentifikatorer\":["
                        + records.get(i).stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",")) + "]}";
                producer.send(new ProducerRecord<>(topic, null, value));
            }
            producer.flush();
        }
    }

    /** KRR on loopback in front of the simulator: forwards each call and numbers it, with its ids. */
    static final class KrrTap implements AutoCloseable {

        record Call(List<String> ids) {
        }

        private final HttpClient http = HttpClient.newHttpClient();
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        private final HttpServer server;
        private volatile Predicate<Call> holdWhen = call -> false;
        private volatile CountDownLatch released = new CountDownLatch(0);
        private volatile boolean holding;

        KrrTap(String target) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(threads);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                List<String> ids = new ArrayList<>();
                MAPPER.readTree(body).path("personidentifikatorer").forEach(id -> ids.add(id.asText()));
                Call call = new Call(List.copyOf(ids));
                synchronized (this) {
                    calls.add(call);
                    if (holdWhen.test(call)) {
                        holdWhen = any -> false;
                        holding = true;
                    }
                }
                if (holding && released.getCount() > 0) {
                    try {
                        released.await(120, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                try {
                    HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(target
                                    + exchange.getRequestURI().getPath()))
                            .header("Content-Type", "application/json")
                            .header("Accept", exchange.getRequestHeaders().getFirst("Accept"))
                            .header("Authorization", exchange.getRequestHeaders().getFirst("Authorization"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    answer.headers().firstValue("Content-Type")
                            .ifPresent(type -> exchange.getResponseHeaders().add("Content-Type", type));
                    exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer.body());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.close();
                }
            });
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        /** The first call that {@code when} holds, until the latch returned is counted down. */
        synchronized CountDownLatch holdAfter(Predicate<Call> when) {
            released = new CountDownLatch(1);
            holdWhen = when;
            return released;
        }

        boolean holding() {
            return holding;
        }

        long idsSeen(Predicate<String> which) {
            synchronized (calls) {
                return calls.stream().mapToLong(call -> call.ids().stream().filter(which).count()).sum();
            }
        }

        List<Call> calls() {
            synchronized (calls) {
                return List.copyOf(calls);
            }
        }

        @Override
        public void close() {
            released.countDown();
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
