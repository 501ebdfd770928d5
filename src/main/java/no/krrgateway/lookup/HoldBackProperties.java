// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How intake is held back while KRR or Maskinporten fails.
 *
 * @param initialDelay first pause before intake resumes to try again (default 5s), doubled after each failed try
 * @param maxDelay     longest pause (default 60s)
 */
@Validated
@ConfigurationProperties("gateway.hold-back")
public record HoldBackProperties(@NotNull Duration initialDelay, @NotNull Duration maxDelay) {
}
