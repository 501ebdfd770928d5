// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestBroker;
import no.krrgateway.support.TestKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * {@code check} against the simulator and the test broker: a correct setup passes with exit status 0; each real
 * misconfiguration gives its named FAIL line and exit status 1. The outputs are printed for the record
 * (target/failsafe-reports/*-output.txt).
 */
class PreflightCheckIT {

    private static final String TEST_PERSON = "20914695016";
    private static final Pattern PERSON_ID = Pattern.compile("(?<!\\d)\\d{11}(?!\\d)");

    @RegisterExtension
    static final SimulatorServer simulator = SimulatorServer.perClass(Map.of());

    private static TestBroker.Topics topics;

    @BeforeAll
    static void topics() {
        topics = TestBroker.createTopics("preflight", 2);
    }

    @Test
    void correctSetup_everyCheckOk_exitZero() {
        Map<String, Object> setup = setup();
        setup.putAll(simulator.signedAnswers(false));
        Report report = check(setup);

        assertThat(report.status()).as(report.output()).isZero();
        assertThat(report.lines()).allMatch(line -> line.startsWith("OK "), report.output());
        assertThat(report.output())
                .contains("OK   configuration: valid")
                .contains("OK   signing key: JWK with kid simulator-client")
                .contains("OK   maskinporten: well-known document")
                .contains("OK   token krr:global/kontaktinformasjon.read: granted to client krr-gateway-test")
                .contains("OK   krr trust anchors: ").contains("days left")
                .contains("OK   krr: ").contains("test person " + TEST_PERSON + ": status AKTIV")
                .contains("OK   topic preflight.completed: exists, 3 partitions")
                .contains("OK   folder error: ")
                .contains("OK   api token issuer: key set at ");
        // no intake: nothing consumed and committed (InboxOwnershipStartTest: the inbox is not claimed)
        assertThat(TestBroker.committedOffsets("preflight")).isEmpty();
    }

    /** A real misconfiguration, and the FAIL line it must give: the property changed from the correct setup. */
    static Stream<Arguments> misconfigurations() throws IOException {
        Path errorFile = Files.writeString(Files.createTempDirectory("preflight").resolve("error"), "not a folder");
        return Stream.of(
                Arguments.of("gateway.maskinporten.client-id", "no-such-client",
                        "FAIL token krr:global/kontaktinformasjon.read: refused (HTTP 400 invalid_grant MP-100): "
                                + "Maskinporten does not know this client: check gateway.maskinporten.client-id"),
                Arguments.of("gateway.topics.completed", "preflight.never-created",
                        "FAIL topic preflight.never-created: does not exist: create it (deploy/kafka/create-topics.sh), "
                                + "let the gateway create it (gateway.kafka.create-topics=true), or correct "
                                + "gateway.topics.completed"),
                Arguments.of("gateway.tenants.910000001.request-topics", "preflight.tenant-never-created",
                        "FAIL topic preflight.tenant-never-created: does not exist"),
                Arguments.of("gateway.kafka.consumers", "3",
                        "FAIL topic preflight.requests: 2 partitions for 3 consumers (gateway.kafka.consumers)"),
                Arguments.of("gateway.files.error", errorFile.toString(),
                        "FAIL folder error: " + errorFile + " is not a folder: point gateway.files.error at a folder"),
                Arguments.of("gateway.maskinporten.issuer", "{simulator}/not-maskinporten/",
                        "FAIL maskinporten: "),
                Arguments.of("gateway.maskinporten.token-url", "{simulator}/maskinporten/elsewhere",
                        "FAIL maskinporten: Maskinporten's token endpoint is "),
                Arguments.of("gateway.krr.base-url", "{simulator}/not-krr", "FAIL krr: KRR answered HTTP 404"),
                Arguments.of("gateway.check.test-person", "123",
                        "FAIL krr: gateway.check.test-person 123 is not a valid person id"),
                Arguments.of("gateway.check.test-person", "",
                        "FAIL krr: no test person to look up: set gateway.check.test-person"),
                Arguments.of("spring.security.oauth2.resourceserver.jwt.issuer-uri", "{simulator}/no-issuer",
                        "FAIL api token issuer: "),
                Arguments.of("spring.security.oauth2.resourceserver.jwt.issuer-uri", "",
                        "FAIL api token issuer: gateway.api.enabled with gateway.api.auth=jwt needs "));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("misconfigurations")
    void misconfiguration_namedFailLine_exitOne(String property, String value, String failLine) {
        Map<String, Object> setup = setup();
        setup.put(property, value.replace("{simulator}", simulator.baseUrl()));

        Report report = check(setup);

        assertThat(report.status()).as(report.output()).isEqualTo(1);
        // the FAIL line says what is wrong and names the property to change
        assertThat(report.lines()).filteredOn(line -> line.startsWith(failLine)).singleElement().asString()
                .contains(property);
    }

    @Test
    void missingTopic_withCreateTopics_okAsCreatedAtStart() {
        Map<String, Object> setup = setup();
        setup.put("gateway.topics.completed", "preflight.created-at-start");
        setup.put("gateway.kafka.create-topics", "true");

        Report report = check(setup);

        assertThat(report.status()).as(report.output()).isZero();
        assertThat(report.output()).contains("OK   topic preflight.created-at-start: does not exist yet; the gateway "
                + "creates it at start (gateway.kafka.create-topics)");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void issuerWithoutTrailingSlash_configurationFails(CapturedOutput logged) {
        Map<String, Object> setup = setup();
        setup.put("gateway.maskinporten.issuer", simulator.baseUrl() + "/maskinporten");

        Report report = check(setup);

        assertThat(report.status()).isEqualTo(1);
        assertThat(report.lines()).containsExactly("FAIL configuration: gateway.maskinporten.issuer must end with "
                + "'/', as Maskinporten's issuer does");
        // nor buried under Spring's cancelled refresh (a WARN with a "Related cause" line per Camel component)
        assertThat(logged.getAll()).doesNotContain("cancelling refresh attempt");
    }

    /** A value that does not convert, and one a constraint refuses: the one FAIL line names the property. */
    @ParameterizedTest(name = "gateway.kafka.consumers={0}")
    @CsvSource({"two, FAIL configuration: cannot read gateway.kafka.consumers: ",
            "0, FAIL configuration: gateway.kafka.consumers must be greater than or equal to 1"})
    void propertyThatDoesNotBindOrValidate_configurationFailsNamingIt(String value, String failLine) {
        Map<String, Object> setup = setup();
        setup.put("gateway.kafka.consumers", value);

        Report report = check(setup);

        assertThat(report.status()).isEqualTo(1);
        assertThat(report.lines()).singleElement().asString().startsWith(failLine);
    }

    /** The simulator, the test broker's topics, fresh folders, the API on with the simulator as token issuer. */
    private static Map<String, Object> setup() {
        Map<String, Object> properties = new HashMap<>(simulator.gatewayProperties(topics, "preflight"));
        properties.put("camel.component.kafka.brokers", TestBroker.bootstrapServers());
        Path files = TestKeys.newFolder();
        properties.put("gateway.files.inbox", files.resolve("inbox").toString());
        properties.put("gateway.files.outbox", files.resolve("outbox").toString());
        properties.put("gateway.files.error", files.resolve("error").toString());
        properties.put("gateway.check.test-person", TEST_PERSON);
        properties.put("gateway.api.enabled", "true");
        properties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", simulator.baseUrl() + "/maskinporten/");
        return properties;
    }

    private static Report check(Map<String, Object> properties) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            status = PreflightCommand.run(GatewayProcess.args(properties), out);
        }
        String output = bytes.toString(StandardCharsets.UTF_8);
        System.out.println("check exit " + status + ":\n" + output);
        Report report = new Report(status, output, output.lines().toList());
        // never a person id other than the test person, never a token
        assertThat(PERSON_ID.matcher(output).results().map(m -> m.group()).toList())
                .allMatch(TEST_PERSON::equals);
        assertThat(output).doesNotContain("eyJ");
        return report;
    }

    private record Report(int status, String output, List<String> lines) {
    }
}
