// SPDX-License-Identifier: Apache-2.0
package no.krrgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.Profiles;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps the documented property tables in step with the code: every property of every {@code @ConfigurationProperties}
 * record, and every gateway, management and logging key in config/*.yml, is named in README.md or a docs/*.md file
 * (the tables live in docs/contract.md §1).
 */
class ReadmePropertiesTest {

    private static final List<String> DOCUMENTED_YAML_PREFIXES = List.of("gateway.", "management.", "logging.");

    /** The lines of README.md and of every Markdown file in docs/, the places a property may be documented. */
    static List<String> documentationLines() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            for (Path doc : docs.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                lines.addAll(Files.readAllLines(doc));
            }
        }
        return lines;
    }

    @Test
    void readme_everyConfigurationProperty_isDocumented() throws Exception {
        List<String> lines = documentationLines();
        TreeSet<String> properties = new TreeSet<>();
        // Every profile counts: the simulator's properties are @Profile("simulator") and documented too.
        var scanner = new ClassPathScanningCandidateComponentProvider(false, new StandardEnvironment() {
            @Override
            public boolean acceptsProfiles(Profiles profiles) {
                return true;
            }
        });
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        for (BeanDefinition candidate : scanner.findCandidateComponents("no.krrgateway")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            assertThat(type.isRecord()).as(type + " is a record (STYLE: typed records)").isTrue();
            collect(prefix, type, properties);
        }
        assertThat(properties).as("properties found").hasSizeGreaterThan(30);
        assertThat(properties.stream().filter(p -> !documented(p, lines)).toList())
                .as("properties missing from README.md and docs/*.md").isEmpty();
    }

    @Test
    void readme_everyGatewayManagementAndLoggingKeyInConfig_isDocumented() throws Exception {
        List<String> lines = documentationLines();
        TreeSet<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("config"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
                for (Object document : new Yaml().loadAll(Files.readString(file))) {
                    flatten("", document, keys);
                }
            }
        }
        List<String> relevant = keys.stream().filter(k -> DOCUMENTED_YAML_PREFIXES.stream().anyMatch(k::startsWith))
                .toList();
        assertThat(relevant).hasSizeGreaterThan(20);
        assertThat(relevant.stream().filter(k -> !documented(k, lines)).toList())
                .as("config keys missing from README.md and docs/*.md").isEmpty();
    }

    /**
     * Named in full; or in a row that names a sibling in full and this one by its last part, as in
     * {@code `gateway.files.inbox` / `.outbox` / `.error`} or {@code `gateway.krr.retry-backoff` / `retry-max-backoff`};
     * or under a table row for a group, such as {@code | `gateway.simulator.faults.*` |}, that says where it is
     * documented.
     */
    static boolean documented(String property, List<String> lines) {
        int dot = property.lastIndexOf('.');
        String parent = property.substring(0, dot + 1);
        String leaf = property.substring(dot + 1);
        return lines.stream().anyMatch(line -> line.contains("`" + property + "`")
                || (line.contains("`" + parent) && (line.contains("`." + leaf + "`") || line.contains("`" + leaf + "`")))
                || underGroup(property, line));
    }

    private static boolean underGroup(String property, String line) {
        for (int dot = property.indexOf('.'); dot > 0; dot = property.indexOf('.', dot + 1)) {
            if (line.startsWith("| `" + property.substring(0, dot) + ".*`")) {
                return true;
            }
        }
        return false;
    }

    private static void collect(String prefix, Class<?> type, Collection<String> into) {
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            Class<?> raw = component.getType();
            Type generic = component.getGenericType();
            if (isOurRecord(raw)) {
                collect(name, raw, into);
            } else if (Collection.class.isAssignableFrom(raw) && generic instanceof ParameterizedType parameterized
                    && parameterized.getActualTypeArguments()[0] instanceof Class<?> element && isOurRecord(element)) {
                collect(name + "[0]", element, into);
            } else {
                into.add(name);
            }
        }
    }

    private static boolean isOurRecord(Class<?> type) {
        return type.isRecord() && type.getName().startsWith("no.krrgateway.");
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Collection<String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, value, into));
        } else if (node instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?>) {
            flatten(prefix + "[0]", list.get(0), into);
        } else if (!prefix.isEmpty()) {
            into.add(prefix);
        }
    }
}
