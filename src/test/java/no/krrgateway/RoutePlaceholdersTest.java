// SPDX-License-Identifier: Apache-2.0
package no.krrgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No setting the routes read is made up where a user cannot see it: every {@code {{placeholder}}} in routes/ is named
 * in docs/contract.md, as a property of its tables or as a value computed from one ("What the routes read").
 */
class RoutePlaceholdersTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{!?(?:ms:)?([^}:]+)(?::[^}]*)?}}");

    @Test
    void everyPlaceholderInRoutes_isNamedInTheContract() throws IOException {
        TreeSet<String> placeholders = new TreeSet<>();
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path route : routes.filter(p -> p.toString().endsWith(".camel.yaml")).toList()) {
                Matcher matcher = PLACEHOLDER.matcher(Files.readString(route));
                while (matcher.find()) {
                    placeholders.add(matcher.group(1).trim());
                }
            }
        }
        assertThat(placeholders).as("placeholders in routes/").hasSizeGreaterThan(10)
                .contains("gateway.route.delivery", "gateway.route.request-topics");
        String contract = Files.readString(Path.of("docs/contract.md"));
        List<String> unnamed = placeholders.stream().filter(p -> !contract.contains("`" + p + "`")).toList();
        assertThat(unnamed).as("placeholders in routes/ that docs/contract.md does not name").isEmpty();
    }
}
