// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.resilience;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Small helpers shared by the resilience scenarios: ports, HTTP, offsets and the report. */
final class Harness {

    /** {@code -Dresilience.long=true} (or {@code -Presilience-long}): the full-length variants of the scenarios. */
    static final boolean LONG = Boolean.getBoolean("resilience.long");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Path REPORT = Path.of("target", "resilience", "report.md");

    private Harness() {
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String http(String method, String url, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw new IOException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** The sum of a consumer group's committed offsets: it moves exactly when the gateway commits. */
    static long committedOffsets(String bootstrapServers, String group) throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values().stream()
                    .filter(Objects::nonNull).mapToLong(o -> o.offset()).sum();
        }
    }

    static String seconds(long nanos) {
        return nanos < 0 ? "-" : String.format("%.1f s", nanos / 1e9);
    }

    /**
     * One row of the per-scenario table, printed with the prefix {@code resilience:} and appended to
     * {@code target/resilience/report.md}.
     */
    static void report(String scenario, long idsSent, long idsAnswered, long duplicates, String krrCalls,
                       String recovery, String notes) {
        String row = String.format("| %s | %,d | %,d | %,d | %s | %s | %s |", scenario, idsSent, idsAnswered,
                duplicates, krrCalls, recovery, notes);
        System.out.println("resilience: " + row);
        try {
            Files.createDirectories(REPORT.getParent());
            if (!Files.exists(REPORT)) {
                Files.writeString(REPORT, "| scenario | ids sent | ids answered | duplicates | KRR calls vs minimum "
                        + "| time to recover | notes |\n|---|---|---|---|---|---|---|\n");
            }
            Files.writeString(REPORT, row + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("resilience: cannot write " + REPORT + ": " + e.getMessage());
        }
    }

    static void note(String line) {
        System.out.println("resilience: " + line);
    }
}
