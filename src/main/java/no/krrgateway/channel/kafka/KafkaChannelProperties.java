// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The Kafka consumer side. Defaults live in {@code config/application.yml}.
 *
 * @param groupId        consumer group; run more instances with the same group to scale out (default krr-gateway)
 * @param consumers      consumer threads in this instance, each with its own share of partitions (default 2)
 * @param maxPollRecords most records gathered into one unit of work, committed together (default 2000)
 */
@Validated
@ConfigurationProperties("gateway.kafka")
public record KafkaChannelProperties(@NotBlank String groupId, @Min(1) int consumers, @Min(1) int maxPollRecords) {
}
