// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import no.krrgateway.support.TestIds;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    @RegisterExtension
    static final FileChannelGateway files = new FileChannelGateway(Duration.ZERO, Map.of());

    /** Also an id typed a digit short: personal data still, and a file name is the dropper's choice. */
    @ParameterizedTest
    @CsvSource({"209146_95016.txt, ******_*****.txt, 20914695016", "2091469501.txt, **********.txt, 2091469501"})
    void fileNamedWithSeparatedId_logLineAndAuditSourceMasked(String name, String masked, String digits,
                                                             CapturedOutput logs) throws Exception {
        int before = logs.getAll().length();
        FileChannelHarness.drop(files.inbox(), name,
                (String.join("\n", TestIds.valid(3, 77)) + "\n").getBytes(StandardCharsets.UTF_8));

        Awaitility.await(name + " done and audited").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(files.inbox().resolve(".done").resolve(name))
                        && logs.getAll().substring(before).lines().anyMatch(line -> line.contains(
                        "\"event\":\"lookup\"") && line.contains("\"channel\":\"file\"")));

        String all = logs.getAll().substring(before);
        assertThat(all).contains("File " + masked + ": started");
        assertThat(all.lines().filter(line -> line.contains("\"event\":\"lookup\"")
                        && line.contains("\"channel\":\"file\""))).singleElement().asString()
                .contains("\"source\":\"" + masked + "\"");
        assertThat(all).doesNotContain(name).doesNotContain(digits);
    }
}
