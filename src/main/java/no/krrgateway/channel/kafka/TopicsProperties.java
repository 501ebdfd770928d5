// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import jakarta.validation.constraints.NotBlank;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's topics (docs/contract.md §2 and §3).
 *
 * @param requests   input (default krr.lookup.requests)
 * @param results    every per-person result (default krr.lookup.results)
 * @param notifiable the results whose notifiable is true (default krr.lookup.notifiable)
 * @param errors     error records (default krr.lookup.errors)
 * @param completed  one completion record per Kafka request, once all its outcomes are written
 *                   (default krr.lookup.completed)
 */
@Validated
@ConfigurationProperties("gateway.topics")
public record TopicsProperties(@NotBlank String requests, @NotBlank String results, @NotBlank String notifiable,
                               @NotBlank String errors, @NotBlank String completed) {

    /** Every topic the gateway reads or writes, by the property that names it. */
    public Map<String, String> byProperty() {
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put("gateway.topics.requests", requests);
        topics.put("gateway.topics.results", results);
        topics.put("gateway.topics.notifiable", notifiable);
        topics.put("gateway.topics.errors", errors);
        topics.put("gateway.topics.completed", completed);
        return topics;
    }
}
