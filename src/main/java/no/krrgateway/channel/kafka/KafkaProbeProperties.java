// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The broker probe of the {@code kafka} health component and the lag gauge.
 *
 * @param timeout  longest wait for the broker's answer
 * @param cacheFor how long an answer is reused
 */
@Validated
@ConfigurationProperties("gateway.kafka.probe")
public record KafkaProbeProperties(@NotNull @DefaultValue("3s") Duration timeout,
                                   @NotNull @DefaultValue("10s") Duration cacheFor) {
}
