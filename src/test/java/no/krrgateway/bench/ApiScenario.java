// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import no.krrgateway.KrrGatewayApplication;
import no.krrgateway.api.TestTokenIssuer;
import no.krrgateway.simulator.SimulatorStats;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;

/**
 * The HTTP lookup API under load (issues 14, 24): {@code callers} threads, each posting requests of
 * {@code idsPerRequest} distinct ids in a loop as fast as answers come, against the gateway in a JVM of its own and
 * the simulator at the given KRR latency. Reports requests/s, p50/p99 latency and KRR calls per 1000 ids asked. The
 * API runs with {@code gateway.api.auth=none} (token checking is Spring Security's cost, not the coalescing's),
 * except with {@code flooders}: then real JWTs tell two clients apart, {@code flooders} threads of client
 * {@code flooder} post 1000 ids a request in a loop (waiting out Retry-After when refused), and only the callers of
 * client {@code single} are measured (scenario {@code api-fair}).
 */
final class ApiScenario {

    record Setup(String name, int callers, int idsPerRequest, Duration latency, Duration window, Duration warmup,
                 Duration measure, int flooders) {
        Setup(String name, int callers, int idsPerRequest, Duration latency, Duration window, Duration warmup,
              Duration measure) {
            this(name, callers, idsPerRequest, latency, window, warmup, measure, 0);
        }

        String describe() {
            return String.format("HTTP API, %d caller%s x %d distinct id%s per request in a loop%s, KRR %d ms, "
                    + "coalesce-window %d ms", callers, callers == 1 ? "" : "s", idsPerRequest,
                    idsPerRequest == 1 ? "" : "s", flooders == 0 ? "" : String.format(", beside another client's "
                            + "%d callers x 1000 ids", flooders), latency.toMillis(), window.toMillis());
        }
    }

    record Measured(Setup setup, long requests, long ids, long errors, double seconds, long krrCalls,
                    long krrIds, double p50Ms, double p99Ms, long peakHeapMb, long peakRssMb, long floodIds,
                    long floodRefused) {
        double requestsPerSecond() {
            return requests / seconds;
        }

        double idsPerSecond() {
            return ids / seconds;
        }

        double krrCallsPer1000Ids() {
            return ids == 0 ? 0 : krrCalls * 1000.0 / ids;
        }
    }

    private final Bench bench;

    ApiScenario(Bench bench) {
        this.bench = bench;
    }

    Measured run(Setup setup) throws Exception {
        SimulatorServer simulator = bench.simulator(setup.latency());
        var topics = TestBroker.createTopics("bench-" + setup.name() + "-" + System.nanoTime(), 2);
        Path dir = bench.work().resolve(setup.name());
        Map<String, Object> p = new HashMap<>(simulator.gatewayProperties(bench.clientKey()));
        p.putAll(topics.asProperties());
        p.put("camel.component.kafka.brokers", TestBroker.bootstrapServers());
        p.put("gateway.kafka.group-id", "bench-" + setup.name() + "-" + System.nanoTime());
        p.put("gateway.validation.allow-synthetic", "true");
        p.put("gateway.shutdown-timeout", "2s");
        p.put("gateway.api.enabled", "true");
        TestTokenIssuer issuer = setup.flooders() > 0 ? new TestTokenIssuer() : null;
        if (issuer == null) {
            p.put("gateway.api.auth", "none");
        } else {
            p.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", issuer.jwkSetUri());
        }
        p.put("gateway.api.coalesce-window", setup.window().toMillis() + "ms");
        p.put("gateway.files.inbox", dir.resolve("files/inbox"));
        p.put("gateway.files.outbox", dir.resolve("files/outbox"));
        p.put("gateway.files.error", dir.resolve("files/error"));
        SimulatorStats stats = simulator.context().getBean(SimulatorStats.class);
        try (ChildJvm jvm = ChildJvm.start(dir, "512m", bench.profile(), KrrGatewayApplication.class.getName(), p)) {
            URI lookups = URI.create("http://localhost:" + jvm.port() + "/api/v1/lookups");
            awaitUp(jvm, URI.create("http://localhost:" + jvm.managementPort() + "/actuator/health/liveness"));
            return measure(setup, jvm, lookups, stats, issuer);
        } finally {
            if (issuer != null) {
                issuer.close();
            }
        }
    }

    private Measured measure(Setup setup, ChildJvm jvm, URI lookups, SimulatorStats stats, TestTokenIssuer issuer)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> ids = bench.ids();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long[][] latencies = new long[setup.callers()][];
        int[] counts = new int[setup.callers()];
        CountDownLatch done = new CountDownLatch(setup.callers() + setup.flooders());
        List<Thread> threads = new ArrayList<>();
        String single = issuer == null ? null : "Bearer " + issuer.token("krr-gateway:lookup", "single");
        AtomicLong floodIds = new AtomicLong();
        AtomicLong floodRefused = new AtomicLong();
        for (int f = 0; f < setup.flooders(); f++) {
            int flooder = f;
            String token = "Bearer " + issuer.token("krr-gateway:lookup", "flooder");
            Thread thread = new Thread(() -> {
                // the flood's ids come from the end of the list, the measured callers' from its start
                int next = ids.size() - (flooder + 1) * 1000;
                try {
                    while (!stop.get()) {
                        StringBuilder body = new StringBuilder("{\"personidentifikatorer\":[");
                        for (int i = 0; i < 1000; i++) {
                            body.append(i == 0 ? "\"" : ",\"").append(ids.get(Math.floorMod(next - i, ids.size())))
                                    .append('"');
                        }
                        body.append("]}");
                        next -= setup.flooders() * 1000;
                        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(lookups)
                                .header("Content-Type", "application/json").header("Authorization", token)
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() == 200 && measuring.get()) {
                            floodIds.addAndGet(1000);
                        } else if (response.statusCode() == 503) {
                            if (measuring.get()) {
                                floodRefused.incrementAndGet();
                            }
                            // as a well-behaved client does: wait out Retry-After (1 s)
                            Thread.sleep(1000);
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    done.countDown();
                }
            }, "api-flooder-" + flooder);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (int c = 0; c < setup.callers(); c++) {
            int caller = c;
            latencies[caller] = new long[1 << 16];
            Thread thread = new Thread(() -> {
                // Each caller walks its own slice of the ids: ids of concurrent requests are distinct.
                int next = caller * setup.idsPerRequest();
                try {
                    while (!stop.get()) {
                        StringBuilder body = new StringBuilder("{\"personidentifikatorer\":[");
                        for (int i = 0; i < setup.idsPerRequest(); i++) {
                            body.append(i == 0 ? "\"" : ",\"").append(ids.get((next + i) % ids.size())).append('"');
                        }
                        body.append("]}");
                        next += setup.callers() * setup.idsPerRequest();
                        long started = System.nanoTime();
                        HttpRequest.Builder request = HttpRequest.newBuilder(lookups)
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
                        if (single != null) {
                            request.header("Authorization", single);
                        }
                        HttpResponse<Void> response = http.send(request.build(),
                                HttpResponse.BodyHandlers.discarding());
                        long took = System.nanoTime() - started;
                        if (measuring.get()) {
                            if (response.statusCode() == 200) {
                                requests.incrementAndGet();
                                if (counts[caller] < latencies[caller].length) {
                                    latencies[caller][counts[caller]++] = took;
                                }
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    done.countDown();
                }
            }, "api-caller-" + caller);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        Thread.sleep(setup.warmup().toMillis());
        long calls0 = stats.snapshot().krrCalls();
        long krrIds0 = stats.snapshot().krrIdsRequested();
        long t0 = System.nanoTime();
        measuring.set(true);
        Thread.sleep(setup.measure().toMillis());
        measuring.set(false);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long calls = stats.snapshot().krrCalls() - calls0;
        long krrIds = stats.snapshot().krrIdsRequested() - krrIds0;
        stop.set(true);
        done.await();
        long heap = jvm.peakHeapMb();
        long rss = jvm.peakRssMb();
        if (!jvm.isAlive()) {
            throw new IllegalStateException(setup.name() + ": the JVM under test died; see " + jvm.dir());
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < setup.callers(); c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        double p50 = total == 0 ? 0 : all[(int) (total * 0.50)] / 1e6;
        double p99 = total == 0 ? 0 : all[Math.min(total - 1, (int) (total * 0.99))] / 1e6;
        long answered = requests.get();
        return new Measured(setup, answered, answered * setup.idsPerRequest(), errors.get(), seconds, calls, krrIds,
                p50, p99, heap, rss, floodIds.get(), floodRefused.get());
    }

    private static void awaitUp(ChildJvm jvm, URI health) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!jvm.isAlive()) {
                throw new IllegalStateException("the JVM under test died at start-up; see " + jvm.dir());
            }
            try {
                if (http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the gateway did not come up; see " + jvm.dir());
    }
}
