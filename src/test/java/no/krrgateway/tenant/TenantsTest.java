// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import no.krrgateway.tenant.Tenants.TenantProperties;
import org.junit.jupiter.api.Test;

class TenantsTest {

    private static final String OWN = "910000000";
    private final Tenants tenants = new Tenants(OWN, "requests", Map.of(
            "910000001", new TenantProperties.Tenant(List.of("client-a"), List.of("requests-a", "requests-a2")),
            "910000002", new TenantProperties.Tenant(List.of("client-b"), List.of())));

    @Test
    void allowsClient_ownOrgForAnyone_aTenantOnlyForItsClients() {
        assertThat(tenants.allowsClient(null, "anyone")).isTrue();
        assertThat(tenants.allowsClient(OWN, "anyone")).isTrue();
        assertThat(tenants.allowsClient("910000001", "client-a")).isTrue();
        assertThat(tenants.allowsClient("910000001", "client-b")).isFalse();
        assertThat(tenants.allowsClient("999999999", "client-a")).isFalse();
    }

    @Test
    void recordOrg_theNamedOrgElseTheTopicsTenantElseTheOwn_nullForTheOwn() {
        assertThat(tenants.recordOrg("requests-a", null)).isEqualTo("910000001");
        assertThat(tenants.recordOrg("requests", null)).isNull();
        assertThat(tenants.recordOrg("requests", OWN)).isNull();
        assertThat(tenants.allowsTopic("requests-a2", "910000001")).isTrue();
        assertThat(tenants.allowsTopic("requests", "910000001")).isFalse();
        assertThat(tenants.allowsTopic("requests-a", OWN)).isFalse();
        assertThat(tenants.allowsTopic("requests", OWN)).isTrue();
        assertThat(tenants.requestTopics()).containsExactly("requests", "requests-a", "requests-a2");
    }

    @Test
    void new_aTopicOfTwoTenantsOrTheOwnOrgsTopicListedByATenant_refused() {
        assertThatThrownBy(() -> new Tenants(OWN, "requests", Map.of(
                "910000001", new TenantProperties.Tenant(List.of(), List.of("shared")),
                "910000002", new TenantProperties.Tenant(List.of(), List.of("shared")))))
                .hasMessageContaining("topic shared is listed in the request-topics of both");
        assertThatThrownBy(() -> new Tenants(OWN, "requests", Map.of(
                "910000001", new TenantProperties.Tenant(List.of(), List.of("requests")))))
                .hasMessageContaining("gateway.tenants.910000001.request-topics lists gateway.topics.requests");
    }

    @Test
    void withTenantTopics_everyTenantTopicAfterTheGatewaysNamingItsTenant() {
        assertThat(tenants.withTenantTopics(Map.of("gateway.topics.requests", "requests")))
                .containsExactly(Map.entry("gateway.topics.requests", "requests"),
                        Map.entry("gateway.tenants.910000001.request-topics (requests-a)", "requests-a"),
                        Map.entry("gateway.tenants.910000001.request-topics (requests-a2)", "requests-a2"));
    }
}
