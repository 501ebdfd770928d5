// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.verdict;

import jakarta.validation.constraints.NotNull;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** @param maxAge the §32 freshness limit, an ISO-8601 period */
@Validated
@ConfigurationProperties("gateway.varsling")
public record VarslingProperties(@DefaultValue("P18M") @NotNull Period maxAge) {
}
