// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param initialDelay first pause of intake while KRR or Maskinporten fails, doubled after each failed try
 * @param maxDelay     longest pause
 */
@Validated
@ConfigurationProperties("gateway.hold-back")
public record HoldBackProperties(@DefaultValue("5s") @NotNull Duration initialDelay,
                                 @DefaultValue("60s") @NotNull Duration maxDelay) {
}
