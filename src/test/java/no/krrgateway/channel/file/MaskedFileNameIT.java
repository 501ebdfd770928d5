// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import no.krrgateway.support.TestIds;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A file named after a person, the way people write ids ({@code 209146_95016.txt}, issue 25): looked up as any file,
 * while the log lines about it and the audit event's {@code source} show the name masked, and the id nowhere.
 */
@ExtendWith(OutputCaptureExtension.class)
class MaskedFileNameIT {

    private static final String NAME = "209146_95016.txt";

    @RegisterExtension
    static final FileChannelGateway files = new FileChannelGateway(Duration.ZERO, Map.of());

    @Test
    void fileNamedWithSeparatedId_logLineAndAuditSourceMasked(CapturedOutput logs) throws Exception {
        FileChannelHarness.drop(files.inbox(), NAME,
                (String.join("\n", TestIds.valid(3, 77)) + "\n").getBytes(StandardCharsets.UTF_8));

        Awaitility.await(NAME + " done and audited").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(files.inbox().resolve(".done").resolve(NAME))
                        && logs.getAll().lines().anyMatch(line -> line.contains("\"event\":\"lookup\"")
                        && line.contains("\"channel\":\"file\"")));

        String all = logs.getAll();
        assertThat(all).contains("File ******_*****.txt: started");
        assertThat(all.lines().filter(line -> line.contains("\"event\":\"lookup\"")
                        && line.contains("\"channel\":\"file\""))).singleElement().asString()
                .contains("\"source\":\"******_*****.txt\"");
        assertThat(all).doesNotContain("209146_95016").doesNotContain("20914695016");
    }
}
