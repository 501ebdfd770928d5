// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import no.krrgateway.support.Actuator;
import no.krrgateway.support.FileGatewaySettings;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.OutcomeCollector;
import no.krrgateway.support.PrometheusScrape;
import no.krrgateway.support.PromQlNames;
import no.krrgateway.support.RequestProducer;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestIds;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;

/**
 * The Grafana dashboard and the alert rules cannot drift from the code: after real traffic through all three channels
 * (a Kafka record, a dropped file, an HTTP API call), every metric that a panel, a dashboard variable or an alert rule
 * names is in the gateway's /actuator/prometheus.
 */
class DashboardMetricsIT {

    /**
     * Metrics named by the dashboard or the rules that this branch's gateway does not have (yet), each with why. Keep
     * it short; remove an entry as soon as its metric is in main and this test's traffic makes it appear.
     */
    private static final Map<String, String> TOLERATED_MISSING = Map.of();

    @RegisterExtension
    static final SimulatorServer simulator = SimulatorServer.perClass(Map.of());

    @TempDir
    Path files;

    @Test
    void everyMetricOfTheDashboardAndTheRules_isInTheScrapeAfterTraffic() throws Exception {
        Map<String, Set<String>> named = namedMetrics();
        assertThat(named).hasSizeGreaterThan(20);

        var topics = TestBroker.createTopics("dashboard-" + System.nanoTime(), 1);
        Map<String, Object> properties = simulator.gatewayProperties(topics, "dashboard");
        properties.put("gateway.api.enabled", "true");
        properties.put("gateway.api.auth", "none");
        // a tenant, so that the per-tenant refusal counter (0 until refused) is registered
        properties.put("gateway.tenants.910000001.api-clients[0]", "dashboard-client");
        // signed answers verified (not kept), so that their meters, which two alert rules name, are registered
        properties.putAll(simulator.signedAnswers(false));
        // the file channel's folders and fast polls, with every route and the test broker
        Map<String, Object> fileSettings = FileGatewaySettings.folders(files);
        fileSettings.remove("camel.main.routes-include-pattern");
        fileSettings.remove("camel.component.kafka.brokers");
        properties.putAll(fileSettings);
        try (var gateway = GatewayProcess.start(properties);
             var collector = new OutcomeCollector(topics.results(), topics.errors())) {
            // The variables pick job and instance: from a metric there before any traffic, or a gateway started
            // afresh (a new install, a quiet night) has an empty dashboard, circuit and hold-back panels included.
            PrometheusScrape idle = new PrometheusScrape(Actuator.get(gateway, "/actuator/prometheus").body());
            named.forEach((metric, where) -> assertThat(where.stream().noneMatch(w -> w.startsWith("variable "))
                    || idle.has(metric)).as(metric + ", read by " + where + ", in the scrape before traffic").isTrue());
            // Kafka: valid and invalid ids
            List<String> ids = new ArrayList<>(TestIds.valid(3, 1));
            ids.addAll(TestIds.invalid(1, 2));
            new RequestProducer(topics.requests()).send("dashboard-1", ids, null);
            assertThat(collector.awaitAtLeast(ids.size(), Duration.ofSeconds(60))).hasSize(ids.size());
            // a dropped file
            Path inbox = Files.createDirectories(files.resolve("inbox"));
            Files.write(inbox.resolve("ids.txt.tmp"), TestIds.valid(2, 7));
            Files.move(inbox.resolve("ids.txt.tmp"), inbox.resolve("ids.txt"));
            Awaitility.await("file done").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.exists(files.resolve("outbox").resolve("ids.summary.json")));
            // an HTTP API call
            int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
            HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/v1/lookups"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"personidentifikatorer\":[\""
                            + TestIds.valid(1, 9).get(0) + "\"]}"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).as(api.body()).isEqualTo(200);

            // The file and API meters count as their routes end, just after the answers.
            PrometheusScrape scrape = Awaitility.await("file and API counted").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> new PrometheusScrape(Actuator.get(gateway, "/actuator/prometheus").body()),
                            s -> s.has("gateway_files_processed_total") && s.has("gateway_api_requests_total"));

            Map<String, Set<String>> missing = new TreeMap<>();
            named.forEach((metric, where) -> {
                if (!scrape.has(metric) && !TOLERATED_MISSING.containsKey(metric)) {
                    missing.put(metric, where);
                }
            });
            assertThat(missing).as("metrics named by the dashboard or the rules but not in the scrape").isEmpty();
            // A tolerated entry must still be named somewhere, or it is stale.
            assertThat(named.keySet()).containsAll(TOLERATED_MISSING.keySet());
            TOLERATED_MISSING.keySet().stream().filter(scrape::has).forEach(present -> System.out.println(
                    "DashboardMetricsIT: " + present + " is in the scrape now: remove it from TOLERATED_MISSING"));
        }
    }

    /** metric -> where it is named (a panel's title, a variable, an alert). */
    static Map<String, Set<String>> namedMetrics() throws Exception {
        Map<String, Set<String>> named = new TreeMap<>();
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("deploy/grafana/krr-gateway.json").toFile());
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                add(named, target.path("expr").asText(), "panel " + panel.path("title").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                add(named, variable.path("query").path("query").asText(), "variable " + variable.path("name").asText());
            }
        }
        JsonNode rules = new YAMLMapper().readTree(PrometheusRulesTest.RULES.toFile());
        for (JsonNode rule : rules.findValues("rules").stream().flatMap(r -> toList(r).stream()).toList()) {
            add(named, rule.path("expr").asText(), "alert " + rule.path("alert").asText());
        }
        named.remove("up"); // Prometheus's own series of each scrape (KrrGatewayDown), not the gateway's
        return named;
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    private static void add(Map<String, Set<String>> named, String expression, String where) {
        assertThat(expression).as(where).isNotBlank();
        Set<String> metrics = PromQlNames.metrics(expression);
        assertThat(metrics).as(where + ": " + expression).isNotEmpty();
        metrics.forEach(metric -> named.computeIfAbsent(metric, m -> new TreeSet<>()).add(where));
    }
}
