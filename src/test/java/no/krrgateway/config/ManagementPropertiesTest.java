// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import no.krrgateway.config.ManagementSecurityConfiguration.ManagementProperties;
import org.junit.jupiter.api.Test;

class ManagementPropertiesTest {

    @Test
    void publicEndpoints_endpointThatMayHoldSecretsOrIds_refusedNamingTheProperty() {
        assertThatThrownBy(() -> new ManagementProperties(List.of("health", "env", "heapdump")))
                .hasMessageContaining("gateway.management.public-endpoints").hasMessageContaining("[env, heapdump]")
                .hasMessageContaining("krr-gateway.operations");
    }

    @Test
    void publicEndpoints_statusBuildAndMetrics_allowed() {
        assertThat(new ManagementProperties(List.of("health", "info", "prometheus")).publicEndpoints())
                .containsExactly("health", "info", "prometheus");
        assertThat(new ManagementProperties(null).publicEndpoints()).containsExactly("health");
    }
}
