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
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/** The records' defaults as the last property source: placeholders and conditions see them whatever config loads. */
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        environment.getPropertySources().addLast(new MapPropertySource("gatewayDefaults", defaults));
    }
}
