// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The alert rules in deploy/prometheus: {@code promtool check rules} and {@code promtool test rules} (the unit tests in
 * krr-gateway-rules.test.yml fire each alert on one series and keep it quiet on another); the PrometheusRule carries
 * the same rules; every alert has a test. promtool comes with Debian's {@code prometheus} package, which .ci/run
 * installs: in CI (environment variable CI set) a missing promtool fails this test, elsewhere it skips it.
 */
class PrometheusRulesTest {

    static final Path DIR = Path.of("deploy/prometheus");
    static final Path RULES = DIR.resolve("krr-gateway-rules.yml");
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void promtool_checksTheRulesAndPassesTheirUnitTests() throws Exception {
        String promtool = promtool();
        assertThat(run(promtool, "check", "rules", RULES.getFileName().toString())).contains("SUCCESS: 11 rules found");
        assertThat(run(promtool, "test", "rules", "krr-gateway-rules.test.yml")).contains("SUCCESS");
    }

    @Test
    void everyAlert_hasAUnitTest() throws IOException {
        Set<String> alerts = new TreeSet<>(YAML.readTree(RULES.toFile()).findValuesAsText("alert"));
        assertThat(alerts).containsExactlyInAnyOrder("KrrGatewayKrrCircuitOpen", "KrrGatewayIntakeHeldBack",
                "KrrGatewayConsumerLagGrowing", "KrrGatewaySigningKeyExpiring", "KrrGatewayErrorOutcomes",
                "KrrGatewayTenantRefused", "KrrGatewayNoOutcomes", "KrrGatewaySignedAnswersRefused",
                "KrrGatewayTrustAnchorExpiring", "KrrGatewayDown", "KrrGatewayAbsent");
        JsonNode tests = YAML.readTree(DIR.resolve("krr-gateway-rules.test.yml").toFile());
        Set<String> firedInTests = new TreeSet<>();
        for (JsonNode check : tests.findValues("alert_rule_test")) {
            check.forEach(eval -> {
                if (!eval.path("exp_alerts").isEmpty()) {
                    firedInTests.add(eval.path("alertname").asText());
                }
            });
        }
        assertThat(firedInTests).isEqualTo(alerts);
    }

    @Test
    void prometheusRule_holdsTheSameRules() throws IOException {
        JsonNode rule = YAML.readTree(DIR.resolve("prometheusrule.yaml").toFile());
        assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(rule.path("spec").path("groups")).isEqualTo(YAML.readTree(RULES.toFile()).path("groups"));
    }

    @Test
    void podMonitor_scrapesTheManagementPortTheDeploymentNames() throws IOException {
        JsonNode monitor = YAML.readTree(DIR.resolve("podmonitor.yaml").toFile()).path("spec");
        JsonNode endpoint = monitor.path("podMetricsEndpoints").get(0);
        JsonNode container = YAML.readTree(Path.of("deploy/kubernetes/base/deployment.yaml").toFile())
                .at("/spec/template/spec/containers/0");
        JsonNode port = Stream.of(container.path("ports")).flatMap(ports -> ports.findParents("name").stream())
                .filter(p -> p.path("name").asText().equals(endpoint.path("port").asText())).findFirst().orElseThrow();
        assertThat(port.path("containerPort").asInt()).isEqualTo(8081);
        assertThat(endpoint.path("path").asText()).isEqualTo("/actuator/prometheus");
    }

    /** promtool's path; skips the test outside CI when it is missing. */
    static String promtool() {
        String found = Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).map(Path::toString)
                .findFirst().orElse(null);
        if (found == null) {
            assertThat(System.getenv("CI")).as("promtool is missing in CI: .ci/run installs Debian's prometheus "
                    + "package, which holds it").isNull();
            Assumptions.abort("promtool not on PATH: alert rule unit tests NOT run (apt-get install prometheus)");
        }
        return found;
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", List.of(command)) + ":\n" + output).isZero();
        return output;
    }
}
