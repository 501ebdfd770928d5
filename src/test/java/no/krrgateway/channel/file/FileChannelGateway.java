// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * One file-channel gateway and its simulator for a test class, in a folder of its own: use with
 * {@code @RegisterExtension static final FileChannelGateway files = new FileChannelGateway(latency, Map.of());}.
 * The gateway is {@link FileChannelHarness#startGateway(Path, Map)}'s, with the test's {@code overrides}.
 */
final class FileChannelGateway implements BeforeAllCallback, AfterAllCallback {

    private final Duration krrLatency;
    private final Map<String, Object> overrides;
    private Path work;
    private FileChannelHarness harness;
    private ConfigurableApplicationContext gateway;

    FileChannelGateway(Duration krrLatency, Map<String, Object> overrides) {
        this.krrLatency = krrLatency;
        this.overrides = overrides;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        work = Files.createTempDirectory("file-channel");
        harness = new FileChannelHarness(work.resolve("keys"), krrLatency);
        gateway = harness.startGateway(work.resolve("files"), overrides);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            gateway.close();
            harness.close();
        } finally {
            FileSystemUtils.deleteRecursively(work);
        }
    }

    /** A folder of the test's, beside the gateway's folders. */
    Path work() {
        return work;
    }

    Path inbox() {
        return work.resolve("files/inbox");
    }

    Path outbox() {
        return work.resolve("files/outbox");
    }

    Path error() {
        return work.resolve("files/error");
    }

    ConfigurableApplicationContext gateway() {
        return gateway;
    }

    <T> T simulatorBean(Class<T> type) {
        return harness.simulatorBean(type);
    }
}
