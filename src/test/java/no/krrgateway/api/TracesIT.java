// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.Map;
import java.util.Properties;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import no.krrgateway.support.OutcomeCollector;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import no.krrgateway.support.ApiGateway;
import no.krrgateway.support.FileGatewaySettings;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Traces (docs/operations.md, "Traces"): an API call and a Kafka request record, each with a {@code traceparent}
 * header, their spans read from an in-memory exporter in place of OTLP; and none exported by default.
 */
class TracesIT {

    private static final String SCOPE = "krr-gateway:lookup";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    /** Traces on, as docs/operations.md says, with the in-memory exporter in place of OTLP's. */
    private static final Map<String, Object> TRACED = Map.of("management.tracing.enabled", "true",
            "management.tracing.sampling.probability", "1.0");
    private static final Pattern ELEVEN_DIGITS = Pattern.compile("\\d{11}");

    /**
     * The spans the test's gateway exported (with OTLP's exporter, were one configured), a fresh exporter per test.
     */
    static volatile InMemorySpanExporter SPANS;

    @Configuration(proxyBeanMethods = false)
    static class InMemorySpans {
        /** SPANS, kept when the gateway closes (the in-memory exporter forgets its spans when shut down). */
        @Bean
        SpanExporter inMemorySpanExporter() {
            InMemorySpanExporter spans = SPANS;
            return new SpanExporter() {
                @Override
                public CompletableResultCode export(Collection<SpanData> batch) {
                    return spans.export(batch);
                }

                @Override
                public CompletableResultCode flush() {
                    return spans.flush();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            };
        }
    }

    @RegisterExtension
    static final SimulatorServer simulator = SimulatorServer.perClass(Map.of());

    @BeforeEach
    void freshExporter() {
        SPANS = InMemorySpanExporter.create();
    }

    /** Its tracestate (the caller's own words, as a file's name) quotes an id and one typed a digit short, too. */
    @Test
    void tracingOn_apiCall_spansFollowItsTraceparent_krrCallSpanned_noPersonIdInAnySpan() throws Exception {
        List<String> ids = TestIds.valid(3, 27);
        String shortId = ids.get(1).substring(0, 10);
        try (var issuer = new TestTokenIssuer(); var gateway = start(issuer, "traces-on",
                TRACED)) {
            // the person id in the query string too: a careless caller's URL must not reach a span unmasked
            HttpResponse<String> response = post(gateway, issuer, ids, "?ref=" + ids.get(0));
            assertThat(response.statusCode()).isEqualTo(200);

            List<SpanData> spans = Awaitility.await("the KRR call's span").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> SPANS.getFinishedSpanItems(), all -> all.stream().anyMatch(TracesIT::isKrrCall)
                            && all.stream().anyMatch(span -> span.getName().equals("maskinporten token"))
                            && all.stream().anyMatch(TracesIT::linksToCaller)
                            && all.stream().filter(span -> span.getTraceId().equals(TRACE_ID)).count() >= 2);
            String seen = spans.stream().map(TracesIT::describe).collect(Collectors.joining("\n"));

            // the web server's span and Camel's API route carry the caller's trace
            assertThat(spans.stream().filter(span -> span.getTraceId().equals(TRACE_ID))
                    .map(SpanData::getName)).as(seen).anyMatch(name -> name.startsWith("http post"))
                    .hasSizeGreaterThanOrEqualTo(2);
            assertThat(spans).as(seen).anyMatch(TracesIT::isKrrCall);
            // the coalesced pass serves many callers: its span links to this caller's, in a trace of its own
            SpanData pass = spans.stream().filter(TracesIT::linksToCaller).findFirst().orElseThrow();
            assertThat(pass.getTraceId()).as(seen).isNotEqualTo(TRACE_ID);
            assertThat(spans).as(seen).anyMatch(span -> isKrrCall(span) && span.getTraceId().equals(pass.getTraceId()));
            assertThat(spans).as("the Maskinporten token fetch: " + seen)
                    .anyMatch(span -> span.getName().equals("maskinporten token"));
            for (SpanData span : spans) {
                assertThat(carried(span)).as(describe(span)).doesNotContainPattern(ELEVEN_DIGITS)
                        .doesNotContain(shortId);
            }
            assertThat(spans).as("the tracestate's other entries kept: " + seen).anyMatch(span ->
                    "kept-1".equals(span.getSpanContext().getTraceState().get("vendor")));
        }
    }

    /**
     * A Kafka request record keyed by a person id, with a traceparent: the batch's span links to it, the KRR call is
     * in the batch's trace, the outcome records carry that trace's traceparent, and no person id in any span.
     */
    @Test
    void tracingOn_kafkaRecord_batchLinksToItsTraceparent_outcomesCarryTheBatchTrace() throws Exception {
        var topics = TestBroker.createTopics("traces-kafka", 1);
        Map<String, Object> properties = simulator.gatewayProperties(topics, "traces-kafka");
        properties.put("spring.main.sources", InMemorySpans.class.getName());
        properties.putAll(TRACED);
        List<String> ids = TestIds.valid(3, 29);
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        try (var gateway = GatewayProcess.start(properties);
             var collector = new OutcomeCollector(topics.results(), topics.errors());
             var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            var record = new ProducerRecord<>(topics.requests(), ids.get(0),
                    "{\"requestId\":\"traced\",\"personidentifikatorer\":[\"" + String.join("\",\"", ids) + "\"]}");
            record.headers().add("traceparent",
                    ("00-" + TRACE_ID + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();

            List<OutcomeCollector.Outcome> outcomes = collector.awaitAtLeast(3, Duration.ofSeconds(60));
            assertThat(outcomes).hasSize(3);
            List<SpanData> spans = Awaitility.await("the batch's spans").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> SPANS.getFinishedSpanItems(), all -> all.stream().anyMatch(TracesIT::isKrrCall)
                            && all.stream().anyMatch(TracesIT::linksToCaller));
            String seen = spans.stream().map(TracesIT::describe).collect(Collectors.joining("\n"));

            String batchTrace = spans.stream().filter(TracesIT::linksToCaller).findFirst().orElseThrow().getTraceId();
            assertThat(batchTrace).isNotEqualTo(TRACE_ID);
            assertThat(spans).as(seen).anyMatch(span -> isKrrCall(span) && span.getTraceId().equals(batchTrace));
            assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.traceparent()).startsWith("00-" + batchTrace));
            for (SpanData span : spans) {
                assertThat(carried(span)).as(describe(span)).doesNotContainPattern(ELEVEN_DIGITS);
            }
        }
    }

    /**
     * Requests quoting an id outside their body: a method Spring Security's firewall rejects (the web server's span
     * records the rejection's message, quoting the method, as its status) and paths not served, the id in them
     * percent-encoded as a URL may carry it (a digit, or a space between its parts), and so an address (its '@' or
     * '+'). No person id and no address in any span.
     */
    @Test
    void tracingOn_requestsQuotingAnIdOutsideTheirBody_noPersonIdInAnySpan() throws Exception {
        String id = TestIds.valid(1, 30).get(0);
        List<String> encoded = List.of(id.substring(0, 10) + "%3" + id.charAt(10),
                id.substring(0, 6) + "%20" + id.substring(6), "ola.nordmann%40example.no", "%2B4791234567");
        try (var issuer = new TestTokenIssuer(); var gateway = start(issuer, "traces-rejected", TRACED)) {
            String server = "http://localhost:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
            HttpResponse<String> rejected = HTTP.send(HttpRequest.newBuilder(URI.create(server + "/livez"))
                    .method("GET" + id, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(rejected.statusCode()).isEqualTo(400);
            for (String path : encoded) {
                assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(server + "/x/" + path)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).as(path).isEqualTo(404);
            }

            List<SpanData> spans = Awaitility.await("the requests' spans").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> SPANS.getFinishedSpanItems(), all -> all.stream()
                            .anyMatch(span -> span.getStatus().getStatusCode() == StatusCode.ERROR)
                            && all.stream().filter(span -> span.getName().equals("http get /**")).count() == 4);
            for (SpanData span : spans) {
                assertThat(carried(span)).as(describe(span)).doesNotContainPattern(ELEVEN_DIGITS)
                        .doesNotContain(encoded.get(0)).doesNotContain(encoded.get(1))
                        .doesNotContain("ola.nordmann").doesNotContain("4791234567");
            }
        }
    }

    /**
     * The file channel and its failures: a file named with an id typed a digit short (personal data in a file name,
     * as the logs treat it: MaskedFileNameIT) holding an address and an id KRR rejects (HTTP 400, halved), and a file
     * named with an id that is not JSON. Camel tags a file's span with its name: no id, short or not, in any span.
     */
    @Test
    void tracingOn_filesNamedAfterPersonsAndFailing_noPersonIdInAnySpan() throws Exception {
        List<String> ids = TestIds.valid(4, 31);
        String shortId = ids.get(0).substring(0, 10);
        Path root = Files.createTempDirectory("traces-files");
        Map<String, Object> properties = new HashMap<>(simulator.gatewayProperties(simulator.clientKey()));
        properties.putAll(FileGatewaySettings.folders(root));
        properties.put("spring.main.web-application-type", "none");
        properties.put("spring.main.sources", InMemorySpans.class.getName());
        properties.putAll(TRACED);
        simulator.faults("{\"rejectIds\":[\"" + ids.get(2) + "\"]}");
        try (var gateway = GatewayProcess.start(properties)) {
            Path inbox = Files.createDirectories(root.resolve("inbox"));
            drop(inbox, shortId + ".txt", String.join("\n", ids.subList(1, 4)) + "\nola.nordmann@example.no\n");
            drop(inbox, ids.get(0) + ".json", "{\"personidentifikatorer\": [" + ids.get(0) + "x]}");

            List<SpanData> spans = Awaitility.await("both files' spans").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> SPANS.getFinishedSpanItems(), all -> Files.exists(root.resolve("inbox/.done/"
                            + shortId + ".txt")) && Files.exists(root.resolve("error/" + ids.get(0) + ".json"))
                            && all.stream().filter(span -> span.getAttributes().asMap().keySet().stream()
                            .anyMatch(key -> key.getKey().equals("file.name"))).count() >= 2);
            for (SpanData span : spans) {
                assertThat(carried(span)).as(describe(span)).doesNotContainPattern(ELEVEN_DIGITS)
                        .doesNotContain(shortId).doesNotContain("ola.nordmann");
            }
        } finally {
            simulator.clearFaults();
        }
    }

    private static void drop(Path inbox, String name, String content) throws Exception {
        Files.move(Files.writeString(inbox.resolve(name + ".part"), content), inbox.resolve(name));
    }

    private static boolean linksToCaller(SpanData span) {
        return span.getLinks().stream().anyMatch(link -> link.getSpanContext().getTraceId().equals(TRACE_ID));
    }

    @Test
    void defaultConfiguration_apiCall_noSpanExported() throws Exception {
        List<String> ids = TestIds.valid(3, 28);
        try (var issuer = new TestTokenIssuer(); var gateway = start(issuer, "traces-off", Map.of())) {
            assertThat(post(gateway, issuer, ids, "").statusCode()).isEqualTo(200);
        }
        // closed: the SDK has flushed whatever it had
        assertThat(SPANS.getFinishedSpanItems()).isEmpty();
    }

    private static boolean isKrrCall(SpanData span) {
        return span.getAttributes().asMap().entrySet().stream()
                .anyMatch(attribute -> attribute.getKey().getKey().equals("camel.uri")
                        && attribute.getValue().toString().equals("direct://krr-call"));
    }

    /** A span for a failure's message: its trace id and what it carries. */
    private static String describe(SpanData span) {
        return span.getTraceId() + " " + carried(span);
    }

    /**
     * Everything a span carries, as text: name, attributes, status, events and their attributes, links' attributes,
     * its and its links' tracestate.
     * Not its random ids, which are hex and may hold 11 digits in a row by chance.
     */
    private static String carried(SpanData span) {
        return span.getName() + " " + span.getAttributes() + " " + span.getStatus().getDescription() + " "
                + span.getEvents().stream().map(event -> event.getName() + " " + event.getAttributes()).toList() + " "
                + span.getLinks().stream().map(link -> link.getAttributes() + " " + link.getSpanContext()
                        .getTraceState().asMap()).toList() + " " + span.getSpanContext().getTraceState().asMap();
    }

    private static ConfigurableApplicationContext start(TestTokenIssuer issuer, String name,
                                                        Map<String, Object> overrides) {
        var topics = TestBroker.createTopics(name, 1);
        Map<String, Object> properties = ApiGateway.properties(simulator, issuer, topics, name);
        properties.put("spring.main.sources", InMemorySpans.class.getName());
        properties.putAll(overrides);
        return GatewayProcess.start(properties);
    }

    private static HttpResponse<String> post(ConfigurableApplicationContext gateway, TestTokenIssuer issuer,
                                             List<String> ids, String query) throws Exception {
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        String body = "{\"personidentifikatorer\": [\"" + String.join("\",\"", ids) + "\"]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/lookups" + query))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + issuer.token(SCOPE))
                .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                .header("tracestate", "ref=" + ids.get(1).substring(0, 10) + ",person=" + ids.get(0) + ","
                        + ids.get(2).substring(0, 10) + "@gw=1,vendor=kept-1")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
