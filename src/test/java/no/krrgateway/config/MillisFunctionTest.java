// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** {@code {{ms:name}}} as the routes use it, found by META-INF/services like in the jar. */
class MillisFunctionTest {

    private static String resolve(String text) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            Properties properties = new Properties();
            properties.put("gateway.iso", "PT5S");
            properties.put("gateway.simple", "250ms");
            properties.put("gateway.plain", "3000");
            properties.put("gateway.nested", "{{gateway.simple}}");
            camel.getPropertiesComponent().setInitialProperties(properties);
            return camel.resolvePropertyPlaceholders(text);
        }
    }

    @Test
    void durationAsSpringReadsIt_inMillis() throws Exception {
        assertThat(resolve("{{ms:gateway.iso}}")).isEqualTo("5000");
        assertThat(resolve("{{ms:gateway.simple}}")).isEqualTo("250");
        assertThat(resolve("{{ms:gateway.plain}}")).isEqualTo("3000");
        assertThat(resolve("{{ms:gateway.nested}}")).isEqualTo("250");
        assertThat(resolve("delay={{ms:gateway.iso}}&x={{gateway.simple}}")).isEqualTo("delay=5000&x=250ms");
    }

    @Test
    void propertyNotSet_refusedNamingIt() {
        assertThatThrownBy(() -> resolve("{{ms:gateway.missing}}")).hasMessageContaining("gateway.missing");
    }
}
