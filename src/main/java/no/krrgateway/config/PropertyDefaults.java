// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The records' defaults and the shipped config/application.yml as the last property sources: placeholders and
 * conditions see them whatever config loads.
 */
public class PropertyDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>();
        try {
            for (URL metadata : Collections.list(getClass().getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json"))) {
                for (JsonNode property : new ObjectMapper().readTree(metadata).path("properties")) {
                    String name = property.path("name").asText();
                    if (name.startsWith("gateway.") && property.path("defaultValue").isValueNode()) {
                        defaults.put(name, property.path("defaultValue").asText());
                    }
                }
            }
            // the shipped config/application.yml too (the jar always holds it: pom.xml): a spring.config.location
            // naming another file replaces it, and without its camel.main.routes-include-pattern no route would run
            new YamlPropertySourceLoader().load("shippedConfig", new ClassPathResource("config/application.yml"))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        environment.getPropertySources().addLast(new MapPropertySource("gatewayDefaults", defaults));
    }
}
