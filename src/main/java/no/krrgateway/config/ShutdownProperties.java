// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param shutdownTimeout how long a stop (SIGTERM) waits for in-flight batches to finish before abandoning them
 *                        uncommitted (default 30s)
 */
@Validated
@ConfigurationProperties("gateway")
public record ShutdownProperties(@NotNull Duration shutdownTimeout) {
}
