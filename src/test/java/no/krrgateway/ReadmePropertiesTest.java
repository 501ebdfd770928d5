// SPDX-License-Identifier: Apache-2.0
package no.krrgateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
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
import no.krrgateway.support.ConfigurationPropertiesClasses;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps the documented property tables in step with the code: every property in the configuration metadata that
 * spring-boot-configuration-processor writes at compile time (what an IDE completes, made from the
 * {@code @ConfigurationProperties} records), and every gateway, management and logging key in config/*.yml, is named
 * in README.md or a docs/*.md file (the tables live in docs/contract.md §1).
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
    void readme_everyPropertyInTheConfigurationMetadata_isDocumented() throws Exception {
        List<String> lines = documentationLines();
        TreeSet<String> properties = new TreeSet<>();
        for (JsonNode property : ownMetadata().get("properties")) {
            String name = property.get("name").asText();
            // The processor stops at a list: a list of records (the simulator's clients) is documented per field.
            Class<?> element = recordElementOfList(property.path("type").asText());
            if (element != null) {
                collect(name + "[0]", element, properties);
            } else {
                properties.add(name);
            }
        }
        assertThat(properties).as("properties found").hasSizeGreaterThan(30);
        assertThat(properties.stream().filter(p -> !documented(p, lines)).toList())
                .as("properties missing from README.md and docs/*.md").isEmpty();
    }

    /** The metadata covers every properties class, each a record; a class the processor missed would go unchecked. */
    @Test
    void metadata_everyConfigurationPropertiesRecord_isInIt() throws Exception {
        List<String> described = new ArrayList<>();
        ownMetadata().get("groups").forEach(group -> described.add(group.path("type").asText()));
        // Every profile counts: the simulator's properties are @Profile("simulator") and documented too.
        List<Class<?>> types = ConfigurationPropertiesClasses.all();
        assertThat(types).hasSizeGreaterThan(10);
        for (Class<?> type : types) {
            assertThat(type.isRecord()).as(type + " is a record (STYLE: typed records)").isTrue();
            assertThat(described).as(type + " in spring-configuration-metadata.json").contains(type.getName());
        }
    }

    /**
     * This project's META-INF/spring-configuration-metadata.json: the gateway's and the simulator's (a test source
     * root) in one (Spring Boot's jars carry their own).
     */
    static JsonNode ownMetadata() throws Exception {
        var merged = new ObjectMapper().createObjectNode();
        var groups = merged.putArray("groups");
        var properties = merged.putArray("properties");
        var resources = ReadmePropertiesTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json");
        while (resources.hasMoreElements()) {
            try (InputStream in = resources.nextElement().openStream()) {
                JsonNode metadata = new ObjectMapper().readTree(in);
                if (metadata.path("groups").findValuesAsText("sourceType").stream()
                        .anyMatch(type -> type.startsWith("no.krrgateway."))) {
                    metadata.path("groups").forEach(groups::add);
                    metadata.path("properties").forEach(properties::add);
                }
            }
        }
        if (groups.isEmpty()) {
            throw new AssertionError("no spring-configuration-metadata.json of krr-gateway on the class path: spring-boot-"
                    + "configuration-processor writes it when the main classes are compiled (./mvnw compile)");
        }
        return merged;
    }

    /** {@code java.util.List<no.krrgateway.X$Y>} -> X.Y when that is one of our records, else null. */
    private static Class<?> recordElementOfList(String type) throws ClassNotFoundException {
        if (!type.startsWith("java.util.List<no.krrgateway.")) {
            return null;
        }
        Class<?> element = Class.forName(type.substring(type.indexOf('<') + 1, type.length() - 1));
        return isOurRecord(element) ? element : null;
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
