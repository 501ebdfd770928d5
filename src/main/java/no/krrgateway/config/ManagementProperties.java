// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may read the management endpoints ({@link ManagementSecurityConfiguration}).
 *
 * @param publicEndpoints actuator endpoints that answer without a token (default {@code health}, status only).
 *                        Only {@code health}, {@code info}, {@code prometheus} and {@code sbom} may be listed: they hold no person
 *                        data and no secret. Every other exposed endpoint needs a token with the scope
 *                        {@value ManagementSecurityConfiguration#OPERATIONS_SCOPE}
 */
@ConfigurationProperties("gateway.management")
public record ManagementProperties(@DefaultValue("health") List<String> publicEndpoints) {

    /**
     * The endpoints that may be public: status, build, metrics and the SBOM (dependency versions), none of which holds
     * a person id or a secret.
     */
    static final Set<String> MAY_BE_PUBLIC = Set.of("health", "info", "prometheus", "sbom");

    public ManagementProperties {
        publicEndpoints = publicEndpoints == null ? List.of("health") : List.copyOf(publicEndpoints);
        List<String> refused = publicEndpoints.stream().filter(id -> !MAY_BE_PUBLIC.contains(id)).toList();
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("gateway.management.public-endpoints may list only "
                    + MAY_BE_PUBLIC.stream().sorted().toList() + ", not " + refused + ": other endpoints can hold "
                    + "person ids or secrets and need a token with the scope "
                    + ManagementSecurityConfiguration.OPERATIONS_SCOPE);
        }
    }
}
