// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import jakarta.validation.constraints.NotBlank;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
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
 * @param evidence   the signed KRR answers kept as evidence, with gateway.krr.signed-answers.keep
 *                   (default krr.lookup.evidence)
 */
@Validated
@ConfigurationProperties("gateway.topics")
public record TopicsProperties(@NotBlank String requests, @NotBlank String results, @NotBlank String notifiable,
                               @NotBlank String errors, @NotBlank String completed,
                               @NotBlank @DefaultValue("krr.lookup.evidence") String evidence) {

    @ConstructorBinding
    public TopicsProperties {
    }

    public TopicsProperties(String requests, String results, String notifiable, String errors, String completed) {
        this(requests, results, notifiable, errors, completed, "krr.lookup.evidence");
    }

    /** Every topic the gateway reads or writes, by the property that names it; the evidence topic when it is kept. */
    public Map<String, String> byProperty(boolean keepsEvidence) {
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put("gateway.topics.requests", requests);
        topics.put("gateway.topics.results", results);
        topics.put("gateway.topics.notifiable", notifiable);
        topics.put("gateway.topics.errors", errors);
        topics.put("gateway.topics.completed", completed);
        if (keepsEvidence) {
            topics.put("gateway.topics.evidence", evidence);
        }
        return topics;
    }
}
