// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bench run refreshes only its figures: the adopters' summary above the markers and the notes below survive. */
class BenchReportTest {

    @TempDir
    Path folder;

    @Test
    void write_keepsTheSummaryAndNotes_andReplacesTheFigures() throws Exception {
        Path markdown = folder.resolve("BENCHMARKS.md");
        Files.writeString(markdown, "# Benchmarks\n\n## Summary\n\n- hand-written\n\n" + BenchReport.BEGIN
                + "\nold figures\n" + BenchReport.END + "\n\n## Notes\n\nkept\n");

        report().write(markdown, folder.resolve("plot.svg"), "./mvnw -Pbench verify", "a", "quiet");

        String text = Files.readString(markdown);
        assertThat(text).startsWith("# Benchmarks\n\n## Summary\n\n- hand-written\n\n" + BenchReport.BEGIN)
                .endsWith(BenchReport.END + "\n\n## Notes\n\nkept\n")
                .contains("| a | KRR 100 ms | 35,609 |").doesNotContain("old figures");
    }

    @Test
    void write_toANewFile_opensWithASummaryOfTheTargets() throws Exception {
        Path markdown = folder.resolve("BENCHMARKS.md");

        report().write(markdown, folder.resolve("plot.svg"), "./mvnw -Pbench verify", "a", "quiet");

        String text = Files.readString(markdown);
        assertThat(text).startsWith("# Benchmarks\n\n## Summary\n\n")
                .contains("- **a**: 89 % (target ≥ 90 % of the KRR ceiling)\n");
        assertThat(text.indexOf("## Summary")).isLessThan(text.indexOf(BenchReport.BEGIN));
    }

    private static BenchReport report() {
        BenchReport report = new BenchReport();
        report.row(new BenchReport.Row("a", "KRR 100 ms", "35,609", "721", "988", "2724", "4427", "418", "751"),
                35_609);
        report.check(new BenchReport.Check("a", "≥ 90 % of the KRR ceiling", "89 %", false));
        return report;
    }
}
