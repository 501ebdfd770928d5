// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.tenant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param tenants customers besides the own org by organisation number (Maskinporten's consumer_org), and who may act
 *                for each; an org not listed can be named by nobody; empty (the default): only the own org
 */
@Validated
@ConfigurationProperties("gateway")
public record TenantProperties(
        @NotNull @DefaultValue Map<@Pattern(regexp = "\\d{9}", message = "must be a 9-digit organisation number")
                String, @Valid @NotNull Tenant> tenants) {

    /**
     * @param apiClients    client ids (gateway.api.client-id-claim) whose API requests may name this org; default none
     * @param requestTopics Kafka topics, read beside gateway.topics.requests, whose records act for this org: one
     *                      without consumerOrg is for it, and only these may name it; default none
     */
    public record Tenant(@NotNull @DefaultValue List<@NotBlank String> apiClients,
                         @NotNull @DefaultValue List<@NotBlank String> requestTopics) {
    }
}
