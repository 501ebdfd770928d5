// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import no.krrgateway.KrrGatewayApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A gateway instance in this JVM, started and stopped by the test like a process would be. */
public final class GatewayProcess {

    /**
     * Management on a random port of its own (as shipped it is 8081, which two test gateways could not share), with
     * health details, info and metrics shown to anyone, since tests read them. ManagementSecurityIT checks the
     * closed default; {@link Actuator} finds the port.
     */
    public static final Map<String, Object> OPEN_MANAGEMENT = Map.of("management.server.port", "0",
            "management.endpoint.health.show-details", "always",
            "gateway.management.public-endpoints", "health,info,prometheus");

    private GatewayProcess() {
    }

    /** A killed instance leaves no LeaveGroup: its partitions move once its session times out; this soon. */
    public static final Map<String, Object> QUICK_FAILOVER = Map.of("camel.component.kafka.session-timeout-ms", "6000",
            "camel.component.kafka.heartbeat-interval-ms", "1500");

    public static ConfigurableApplicationContext start(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.putAll(OPEN_MANAGEMENT);
        properties.put("camel.component.kafka.brokers", TestBroker.bootstrapServers());
        properties.put("gateway.validation.allow-synthetic", "true");
        properties.put("gateway.krr.retry-backoff", "50ms");
        properties.put("gateway.krr.retry-max-backoff", "500ms");
        // Each gateway gets its own file folders, so tests never share an inbox by accident.
        Path files = newFolder();
        properties.put("gateway.files.inbox", files.resolve("inbox").toString());
        properties.put("gateway.files.outbox", files.resolve("outbox").toString());
        properties.put("gateway.files.error", files.resolve("error").toString());
        properties.putAll(overrides);
        return new SpringApplicationBuilder(KrrGatewayApplication.class).run(args(properties));
    }

    /**
     * A gateway in a JVM of its own, like a production process, for tests that kill it (SIGKILL via
     * {@link Process#destroyForcibly()}) or measure its memory. Output goes to {@code log}; {@code jvmOptions}
     * (such as {@code -Duser.timezone=...}) go before the class path.
     */
    public static Process startJvm(Map<String, Object> overrides, Path log, String maxHeap, String... jvmOptions)
            throws IOException {
        Map<String, Object> properties = new HashMap<>();
        properties.put("camel.component.kafka.brokers", TestBroker.bootstrapServers());
        properties.put("gateway.validation.allow-synthetic", "true");
        properties.put("gateway.krr.retry-backoff", "50ms");
        properties.put("gateway.krr.retry-max-backoff", "500ms");
        properties.put("server.port", "0");
        properties.putAll(OPEN_MANAGEMENT);
        properties.putAll(overrides);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + maxHeap));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", classPath(), KrrGatewayApplication.class.getName()));
        command.addAll(List.of(args(properties)));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * This JVM's class path without empty elements: surefire's ends with a separator, and an empty element puts the
     * working directory on the class path, where the top-level {@code routes/} then doubles every route ("Route
     * configuration already exists with id: error-policy") and the child JVM fails to start.
     */
    public static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(element -> !element.isBlank())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static Path newFolder() {
        try {
            return Files.createTempDirectory("krr-gateway-files");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Properties as command-line arguments, which outrank config/application.yml as they would in production. */
    public static String[] args(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }
}
