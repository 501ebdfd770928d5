// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import jakarta.validation.constraints.NotBlank;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param requests   input (docs/contract.md §2; the outputs §3)
 * @param results    every per-person result
 * @param notifiable the results whose notifiable is true
 * @param errors     error records
 * @param completed  one completion record per Kafka request, once all its outcomes are written
 * @param evidence   the signed KRR answers kept as evidence, with gateway.krr.signed-answers.keep
 */
@Validated
@ConfigurationProperties("gateway.topics")
public record TopicsProperties(@NotBlank @DefaultValue("krr.lookup.requests") String requests,
                               @NotBlank @DefaultValue("krr.lookup.results") String results,
                               @NotBlank @DefaultValue("krr.lookup.notifiable") String notifiable,
                               @NotBlank @DefaultValue("krr.lookup.errors") String errors,
                               @NotBlank @DefaultValue("krr.lookup.completed") String completed,
                               @NotBlank @DefaultValue("krr.lookup.evidence") String evidence) {

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
