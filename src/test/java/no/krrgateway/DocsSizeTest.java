// SPDX-License-Identifier: Apache-2.0
package no.krrgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs a newcomer finishes (issue 26): a README under 10 KB, README and docs/ at about 10,000 words (as
 * {@code cat README.md docs/*.md | wc -w} counts them), and no doc pointing outside the repository.
 */
class DocsSizeTest {

    @Test
    void readme_isAtMost10KB() throws Exception {
        assertThat(Files.size(Path.of("README.md"))).isLessThanOrEqualTo(10 * 1024);
    }

    @Test
    void readmeAndDocs_holdAbout10000Words() throws Exception {
        long words = 0;
        try (Stream<Path> docs = Stream.concat(Stream.of(Path.of("README.md")),
                Files.list(Path.of("docs")).filter(f -> f.toString().endsWith(".md")))) {
            for (Path doc : docs.toList()) {
                String text = Files.readString(doc).strip();
                words += text.isEmpty() ? 0 : text.split("\\s+").length;
            }
        }
        assertThat(words).isLessThanOrEqualTo(10_500);
    }

    @Test
    void docs_citeOnlyFilesInTheRepository() throws Exception {
        try (Stream<Path> docs = Stream.concat(Stream.of(Path.of("README.md"), Path.of("CONTRIBUTING.md")),
                Files.list(Path.of("docs")).filter(f -> f.toString().endsWith(".md")))) {
            for (Path doc : docs.toList()) {
                assertThat(Files.readString(doc)).as(doc.toString()).doesNotContain("../" + "shared");
            }
        }
    }
}
