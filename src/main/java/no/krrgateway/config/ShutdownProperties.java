// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** @param shutdownTimeout how long a stop (SIGTERM) waits for in-flight batches before abandoning them uncommitted */
@Validated
@ConfigurationProperties("gateway")
public record ShutdownProperties(@DefaultValue("30s") @NotNull Duration shutdownTimeout) {
}
