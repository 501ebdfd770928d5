// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The customers a request may name as its {@code consumerOrg} (API body or Kafka request), besides the default
 * {@code gateway.maskinporten.consumer-org}. Bound beside {@link MaskinportenProperties} under the same prefix, so that
 * the grant's settings stay one record.
 *
 * @param consumerOrgs organisation numbers (9 digits) allowed as consumerOrg; empty = only the default
 */
@Validated
@ConfigurationProperties("gateway.maskinporten")
public record ConsumerOrgProperties(
        @NotNull @DefaultValue List<@Pattern(regexp = "\\d{9}", message = "must be a 9-digit organisation number")
                String> consumerOrgs) {
}
