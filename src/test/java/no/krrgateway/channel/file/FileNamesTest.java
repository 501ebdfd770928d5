// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** The outputs' names, and the safe names of {@link FileChecks}. */
class FileNamesTest {

    @TempDir
    Path root;

    @Test
    void names_dropWithExtension_useTheNameWithoutItsLastExtension() throws Exception {
        var fixture = new FileIntakeFixture(root);
        var intake = fixture.intake(10, DataSize.ofKilobytes(1));
        intake.process(fixture.drop("brev.2026-11.csv", "20914695016\n").toFile());
        intake.process(fixture.drop("brev.2026-12.csv", "").toFile());
        assertThat(FileIntakeFixture.names(fixture.outbox)).containsExactly("brev.2026-11.results.csv",
                "brev.2026-11.results.jsonl", "brev.2026-11.summary.json");
        assertThat(FileIntakeFixture.names(fixture.error)).contains("brev.2026-12.error.json");
    }

    @Test
    void safeName_norwegianLettersAndSpaces_areKept() {
        String name = "Utsending æøå 1.txt";
        assertThat(FileChecks.safeName(name)).as("safe as it is").isEqualTo(name);
    }

    @Test
    void safeName_separatorsControlsAndLeadingDots_areReplaced() {
        assertThat(FileChecks.safeName("../a/b\\c:d\u0085.txt")).isEqualTo("___a_b_c_d_.txt");
        assertThat(FileChecks.safeName(".hidden.txt")).as("a leading dot").isNotEqualTo(".hidden.txt");
    }

    @Test
    void safeName_overlongName_isCutToTheLimit() {
        String safe = FileChecks.safeName("ø".repeat(300) + ".txt");
        assertThat(safe.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(FileChecks.MAX_NAME_BYTES);
    }

    @Test
    void inside_nameThatLeavesTheFolder_isRefused() {
        Path outbox = Path.of("/srv/outbox");
        assertThat(FileChecks.inside(outbox, "ids.results.csv")).isEqualTo(Path.of("/srv/outbox/ids.results.csv"));
        assertThatThrownBy(() -> FileChecks.inside(outbox, "../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileChecks.inside(outbox, "sub/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileChecks.inside(outbox, "/tmp/x")).isInstanceOf(IllegalArgumentException.class);
    }
}
