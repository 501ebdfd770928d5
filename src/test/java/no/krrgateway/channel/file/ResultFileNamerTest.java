// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ResultFileNamerTest {

    @Test
    void names_dropWithExtension_useTheNameWithoutItsLastExtension() {
        var names = new ResultFileNamer("brev.2026-11.csv");
        assertThat(names.jsonl()).isEqualTo("brev.2026-11.results.jsonl");
        assertThat(names.csv()).isEqualTo("brev.2026-11.results.csv");
        assertThat(names.summary()).isEqualTo("brev.2026-11.summary.json");
        assertThat(names.error()).isEqualTo("brev.2026-11.error.json");
    }

    @Test
    void safeName_norwegianLettersAndSpaces_areKept() {
        assertThat(ResultFileNamer.isSafe("Utsending æøå 1.txt")).isTrue();
    }

    @Test
    void safeName_separatorsControlsAndLeadingDots_areReplaced() {
        assertThat(ResultFileNamer.safeName("../a/b\\c:d\u0085.txt")).isEqualTo("___a_b_c_d_.txt");
        assertThat(ResultFileNamer.isSafe(".hidden.txt")).isFalse();
    }

    @Test
    void safeName_overlongName_isCutToTheLimit() {
        String safe = ResultFileNamer.safeName("ø".repeat(300) + ".txt");
        assertThat(safe.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(ResultFileNamer.MAX_NAME_BYTES);
    }

    @Test
    void inside_nameThatLeavesTheFolder_isRefused() {
        Path outbox = Path.of("/srv/outbox");
        assertThat(ResultFileNamer.inside(outbox, "ids.results.csv")).isEqualTo(Path.of("/srv/outbox/ids.results.csv"));
        assertThatThrownBy(() -> ResultFileNamer.inside(outbox, "../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResultFileNamer.inside(outbox, "sub/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResultFileNamer.inside(outbox, "/tmp/x")).isInstanceOf(IllegalArgumentException.class);
    }
}
