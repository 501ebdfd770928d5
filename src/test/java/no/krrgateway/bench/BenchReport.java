// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The printed table and BENCHMARKS.md: the runner's figures go between two marker lines and are replaced on every
 * run; whatever stands outside the markers (the adopters' summary above, the notes below) is kept. A file without the
 * markers gets a summary made from the targets, so the page never opens without one.
 */
final class BenchReport {

    static final String BEGIN = "<!-- BenchmarkRunner: generated from here; rerun the command to refresh -->";
    static final String END = "<!-- BenchmarkRunner: generated up to here -->";

    /** One table row; numbers already formatted, "-" where a figure does not apply. */
    record Row(String scenario, String setup, String idsPerSecond, String krrCalls, String meanBatch, String p50,
               String p99, String heap, String rss) {
    }

    /** One target of the issue: what was measured against it, and whether it was met. */
    record Check(String scenario, String target, String measured, boolean met) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private final List<String> plot = new ArrayList<>();
    private final List<Double> plotValues = new ArrayList<>();
    private final List<String> sections = new ArrayList<>();

    void row(Row row, double idsPerSecond) {
        rows.add(row);
        if (idsPerSecond > 0) {
            plot.add(row.scenario());
            plotValues.add(idsPerSecond);
        }
    }

    void check(Check check) {
        checks.add(check);
    }

    void section(String markdown) {
        sections.add(markdown);
    }

    String table() {
        StringBuilder t = new StringBuilder("| scenario | setup | ids/s | KRR calls | mean batch | p50 ms | p99 ms "
                + "| peak heap MB | peak RSS MB |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            t.append("| ").append(String.join(" | ", r.scenario(), r.setup(), r.idsPerSecond(), r.krrCalls(),
                    r.meanBatch(), r.p50(), r.p99(), r.heap(), r.rss())).append(" |\n");
        }
        t.append("\n| scenario | target (reported, not asserted) | measured | met |\n|---|---|---|---|\n");
        for (Check c : checks) {
            t.append("| ").append(String.join(" | ", c.scenario(), c.target(), c.measured(), c.met() ? "yes" : "**no**"))
                    .append(" |\n");
        }
        return t.toString();
    }

    void write(Path markdown, Path svg, String command, String scenarios, String load) throws IOException {
        StringBuilder g = new StringBuilder(BEGIN).append("\n\n");
        g.append("Run ").append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")))
                .append(" with `").append(command).append("` (scenarios ").append(scenarios).append(").\n\n");
        g.append("Machine: ").append(Machine.describe()).append("; ").append(load).append("\n\n");
        g.append(table()).append('\n');
        if (!plot.isEmpty()) {
            Files.createDirectories(svg.getParent());
            Files.writeString(svg, svg());
            g.append("![ids/s per scenario, log scale](").append(markdown.toAbsolutePath().getParent()
                    .relativize(svg.toAbsolutePath())).append(")\n\n");
        }
        sections.forEach(s -> g.append(s).append('\n'));
        g.append(END);
        String old = Files.exists(markdown) ? Files.readString(markdown) : "";
        int b = old.indexOf(BEGIN);
        int e = old.indexOf(END);
        String text = b >= 0 && e > b
                ? old.substring(0, b) + g + old.substring(e + END.length())
                : summary() + g + "\n";
        Files.writeString(markdown, text);
    }

    /** The opening of a new BENCHMARKS.md: each target and what was measured against it, for adopters. */
    String summary() {
        StringBuilder s = new StringBuilder("# Benchmarks\n\n## Summary\n\nFrom `./mvnw -Pbench verify` ")
                .append("([how](CONTRIBUTING.md#benchmarks)); rewrite this summary by hand, the runner keeps it.\n\n");
        checks.forEach(c -> s.append("- **").append(c.scenario()).append("**: ").append(c.measured())
                .append(" (target ").append(c.target()).append(")\n"));
        return s.append('\n').toString();
    }

    private String svg() {
        int rowHeight = 26;
        int left = 170;
        int width = 820;
        int height = 40 + rowHeight * plot.size();
        double maxLog = 5.3; // 200,000 ids/s
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append("<text x=\"10\" y=\"18\" font-weight=\"bold\">ids/s per scenario (log scale)</text>\n");
        for (int decade = 0; decade <= 5; decade++) {
            double x = left + (width - left - 80) * decade / maxLog;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"28\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" fill=\"#888\" font-size=\"10\">1e%d</text>%n",
                    x, x, height - 8, x + 2, height - 2, decade));
        }
        for (int i = 0; i < plot.size(); i++) {
            double value = plotValues.get(i);
            double w = (width - left - 80) * Math.max(0, Math.log10(Math.max(1, value))) / maxLog;
            int y = 30 + i * rowHeight;
            s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%s</text>"
                    + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#4a7ab7\"/>"
                    + "<text x=\"%.1f\" y=\"%d\">%,.0f</text>%n",
                    y + 16, escape(plot.get(i)), left, y + 4, w, rowHeight - 8, left + w + 4, y + 16, value));
        }
        return s.append("</svg>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;");
    }
}
