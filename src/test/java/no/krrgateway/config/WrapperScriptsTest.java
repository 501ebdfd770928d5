// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** mvnw and mvnw.cmd are the same Maven Wrapper release, each with its platform's line endings. */
class WrapperScriptsTest {

    private static final Pattern VERSION = Pattern.compile("Apache Maven Wrapper startup \\w+ script, version (\\S+)");

    @Test
    void mvnwAndMvnwCmd_sameWrapperVersion_crlfForWindows() throws Exception {
        String unix = Files.readString(Path.of("mvnw"));
        String windows = Files.readString(Path.of("mvnw.cmd"));
        assertThat(version(windows)).isEqualTo(version(unix));
        assertThat(Files.readString(Path.of(".mvn/wrapper/maven-wrapper.properties")))
                .contains("wrapperVersion=" + version(unix));
        assertThat(windows).contains("\r\n").doesNotContainPattern("[^\r]\n");
        assertThat(unix).doesNotContain("\r");
    }

    private static String version(String script) {
        Matcher matcher = VERSION.matcher(script);
        assertThat(matcher.find()).as("wrapper version line").isTrue();
        return matcher.group(1);
    }
}
