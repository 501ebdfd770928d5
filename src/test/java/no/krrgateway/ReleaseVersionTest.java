// SPDX-License-Identifier: Apache-2.0
package no.krrgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every place that names the release names the pom's version, and the CHANGELOG has its entry. */
class ReleaseVersionTest {

    private static String read(String file) throws Exception {
        return Files.readString(Path.of(file));
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }

    @Test
    void theImageTagTheKameletTheDocsAndTheChangelog_nameThePomsVersion() throws Exception {
        String version = first(read("pom.xml"), "</parent>\\s*<groupId>[^<]+</groupId>\\s*<artifactId>krr-gateway"
                + "</artifactId>\\s*<version>([^<]+)</version>");

        assertThat(first(read("deploy/kubernetes/base/kustomization.yaml"), "newTag: (\\S+)")).isEqualTo(version);
        assertThat(first(read("kamelets/krr-lookup-action.kamelet.yaml"), "catalog.version: \"([^\"]+)\""))
                .isEqualTo(version);
        for (String doc : new String[] {"README.md", "docs/digdir-test.md"}) {
            assertThat(first(read(doc), "target/krr-gateway-(\\S+)\\.jar")).as(doc).isEqualTo(version);
        }
        if (!version.endsWith("-SNAPSHOT")) {
            assertThat(read("CHANGELOG.md")).contains("\n## " + version + " ");
        }
    }
}
