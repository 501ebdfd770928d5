// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import no.krrgateway.api.ApiProperties;
import no.krrgateway.channel.file.FileChannelProperties;
import no.krrgateway.channel.file.FilePermissions.GroupAccess;
import no.krrgateway.channel.kafka.KafkaClusterProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class ChannelChecksTest {

    @TempDir
    Path root;

    /** The check runs first (README, "Production"): the folders it makes are the gateway's from then on. */
    @Test
    void folders_missing_madeWithTheFilesModeAndSearch() throws Exception {
        Path data = root.resolve("data");
        var files = new FileChannelProperties(data.resolve("inbox"), data.resolve("outbox"), data.resolve("error"),
                DataSize.ofMegabytes(1), null, 2, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(5), 3, null, null, new FileChannelProperties.Permissions(GroupAccess.NONE), null);

        assertThat(ChannelChecks.folders(files)).allSatisfy(line -> assertThat(line.toString()).startsWith("OK"));

        for (Path folder : List.of(data, data.resolve("inbox"), data.resolve("inbox/.done"), data.resolve("outbox"),
                data.resolve("error"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).as(folder.toString())
                    .isEqualTo("rwx------");
        }
    }

    /** README's production run names broker {@code kafka:9092}; where that does not resolve, the kafka line says so. */
    @Test
    void topics_brokerNameUnresolvable_failsTheKafkaLineNamingTheProperty() {
        Properties client = new Properties();
        client.put("bootstrap.servers", "kafka.invalid:9092");
        try (var probe = new KafkaClusterProbe(() -> client,
                new KafkaClusterProbe.Settings(Duration.ofSeconds(1), Duration.ofSeconds(1)), Clock.systemUTC())) {
            var lines = ChannelChecks.topics(probe, Map.of("gateway.topics.requests", "krr.lookup.requests"), 1,
                    "kafka.invalid:9092", false);

            assertThat(lines).singleElement().asString()
                    .startsWith("FAIL kafka").contains("camel.component.kafka.brokers");
        }
    }

    /** Its line is named as in docs/operations.md's table of checks, whether it runs or not. */
    @Test
    void apiIssuer_apiOff_skippedUnderTheCheckName() {
        var off = new ApiProperties(false, ApiProperties.Auth.JWT, "scope", 10, DataSize.ofKilobytes(64),
                Duration.ofSeconds(1), Duration.ofMillis(10), 10, 10, Duration.ofSeconds(20), 10,
                Duration.ofSeconds(1), "client_id");

        assertThat(ChannelChecks.apiIssuer(off, null, null)).asString().startsWith("SKIP api token issuer:");
    }
}
