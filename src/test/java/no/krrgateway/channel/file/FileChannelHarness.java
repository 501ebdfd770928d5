// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import no.krrgateway.KrrGatewayApplication;
import no.krrgateway.support.FileGatewaySettings;
import no.krrgateway.support.GatewayProcess;
import no.krrgateway.support.SimulatorServer;
import no.krrgateway.support.TestKeys;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Real processes for file-channel route tests: the simulator on a loopback port, and gateways configured against
 * it over HTTP. The gateways load only the routes the file channel needs, so no Kafka broker is involved.
 */
final class FileChannelHarness implements AutoCloseable {

    private final Path jwk;
    private final SimulatorServer simulator;

    FileChannelHarness(Path work, Duration krrLatency) {
        jwk = TestKeys.writeJwk(work, "file-channel-test");
        simulator = SimulatorServer.start(jwk, Map.of("gateway.simulator.latency", krrLatency.toMillis() + "ms"));
    }

    /** Gateway settings for folders under {@code root}: fast polls and a short read lock, KRR at the simulator. */
    Map<String, Object> gatewayProperties(Path root) {
        Map<String, Object> properties = FileGatewaySettings.folders(root);
        properties.putAll(simulator.gatewayProperties(jwk));
        properties.put("spring.main.web-application-type", "none");
        properties.put("gateway.krr.batch-size", "250");
        properties.put("gateway.krr.max-concurrent-calls", "4");
        properties.put("gateway.krr.retry-attempts", "2");
        properties.put("gateway.krr.retry-backoff", "50ms");
        // a restart after a kill takes the inbox over two heartbeats after it starts
        properties.put("gateway.files.inbox-owner.heartbeat-interval", "500ms");
        properties.put("gateway.files.inbox-owner.takeover-after", "10s");
        return properties;
    }

    ConfigurableApplicationContext startGateway(Path root) {
        return startGateway(root, Map.of());
    }

    /** A gateway of {@link #gatewayProperties}, with {@code overrides}. */
    ConfigurableApplicationContext startGateway(Path root, Map<String, Object> overrides) {
        Map<String, Object> properties = gatewayProperties(root);
        properties.putAll(overrides);
        return new SpringApplicationBuilder(KrrGatewayApplication.class).run(GatewayProcess.args(properties));
    }

    <T> T simulatorBean(Class<T> type) {
        return simulator.context().getBean(type);
    }

    @Override
    public void close() {
        simulator.close();
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }

    /** Writes the file under a .part name and renames it, as a well-behaved sender does. */
    static Path drop(Path inbox, String name, byte[] content) throws IOException {
        Files.createDirectories(inbox);
        Path part = Files.write(inbox.resolve(name + ".part"), content);
        return Files.move(part, inbox.resolve(name));
    }
}
