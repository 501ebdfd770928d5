// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.support;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Settings for a gateway that runs only the file channel, on folders under one root: a map to add to. */
public final class FileGatewaySettings {

    private static final String FILE_ROUTES = "classpath:routes/error-policy.camel.yaml,"
            + "classpath:routes/lookup-batch.camel.yaml,classpath:routes/krr-call.camel.yaml,"
            + "classpath:routes/intake-file.camel.yaml";

    private FileGatewaySettings() {
    }

    /**
     * The file routes only (no Kafka broker involved), the synthetic test ids accepted, {@code inbox}, {@code outbox}
     * and {@code error} under {@code root}, and fast polls with a short read lock.
     */
    public static Map<String, Object> folders(Path root) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("camel.main.routes-include-pattern", FILE_ROUTES);
        // Required at start-up, but never dialled: the Kafka routes are not loaded.
        properties.put("camel.component.kafka.brokers", "localhost:9");
        properties.put("gateway.validation.allow-synthetic", "true");
        properties.put("gateway.files.inbox", root.resolve("inbox"));
        properties.put("gateway.files.outbox", root.resolve("outbox"));
        properties.put("gateway.files.error", root.resolve("error"));
        properties.put("gateway.files.poll-interval", "100ms");
        properties.put("gateway.files.read-lock-check-interval", "100ms");
        properties.put("gateway.files.read-lock-min-age", "300ms");
        properties.put("gateway.files.read-lock-timeout", "3s");
        return properties;
    }
}
