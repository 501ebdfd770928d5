// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.limits;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import jakarta.validation.constraints.Min;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Caps on what a request may make the gateway hold or copy, in every channel.
 *
 * @param maxIdsPerRequest       most ids one request may hold
 * @param maxRequestIdLength     longest {@code requestId} outcomes copy, in characters
 * @param maxIdLength            longest id outcomes copy, in characters (person ids have 11)
 * @param maxCorrelationIdLength longest correlation-id header outcomes copy; longer is a MALFORMED_REQUEST without it
 * @param maxPayloadEcho         most characters of a malformed request echoed in the error's {@code payload}
 * @param idsPerSlice            most ids one Kafka consumer looks up and publishes at once; a larger poll is
 *                               processed in slices, committed after the last
 * @param maxJsonStringLength    longest string of request JSON read (Jackson holds it whole), in characters
 */
@Validated
@ConfigurationProperties("gateway.limits")
public record InputLimits(@DefaultValue("100000") @Min(1) int maxIdsPerRequest,
                          @DefaultValue("256") @Min(1) int maxRequestIdLength,
                          @DefaultValue("64") @Min(11) int maxIdLength,
                          @DefaultValue("1024") @Min(1) int maxCorrelationIdLength,
                          @DefaultValue("1024") @Min(0) int maxPayloadEcho,
                          @DefaultValue("4000") @Min(1) int idsPerSlice,
                          @DefaultValue("100000") @Min(1) int maxJsonStringLength) {

    private static final Map<Integer, JsonFactory> PARSERS = new ConcurrentHashMap<>();

    /** Every channel's parser of request JSON (RequestJson); Jackson's defaults for the rest (docs/contract.md §6). */
    public JsonFactory json() {
        return PARSERS.computeIfAbsent(maxJsonStringLength, max -> JsonFactory.builder().streamReadConstraints(
                StreamReadConstraints.builder().maxStringLength(max).build()).build());
    }

    /** Why the parser stopped, naming the gateway's property, or Jackson's fixed cap by its figures only. */
    public String jsonProblem(StreamConstraintsException e) {
        return e.getOriginalMessage().startsWith("String value length") ? "a string is longer than "
                + maxJsonStringLength + " characters (gateway.limits.max-json-string-length)"
                : e.getOriginalMessage().replaceFirst(", from .*\\)$", ")");
    }

    public Optional<String> idCountProblem(long ids) {
        return ids > maxIdsPerRequest
                ? Optional.of("the request holds " + ids + " ids; at most " + maxIdsPerRequest
                        + " are allowed per request (gateway.limits.max-ids-per-request)")
                : Optional.empty();
    }

    public Optional<String> requestIdProblem(String requestId) {
        return tooLong("requestId", requestId, maxRequestIdLength, "max-request-id-length");
    }

    public Optional<String> idLengthProblem(String id) {
        return tooLong("an id", id, maxIdLength, "max-id-length");
    }

    public Optional<String> correlationIdProblem(String correlationId) {
        return tooLong("the correlation-id header", correlationId, maxCorrelationIdLength, "max-correlation-id-length");
    }

    private static Optional<String> tooLong(String what, String value, int max, String property) {
        return value != null && value.length() > max
                ? Optional.of(what + " has " + value.length() + " characters; at most " + max
                        + " are allowed (gateway.limits." + property + ")")
                : Optional.empty();
    }

    public String payloadEcho(String payload) {
        if (payload == null || payload.length() <= maxPayloadEcho) {
            return payload;
        }
        int end = maxPayloadEcho;
        if (end > 0 && Character.isHighSurrogate(payload.charAt(end - 1))) {
            end--; // never split a surrogate pair, which would not survive UTF-8
        }
        return payload.substring(0, end);
    }
}
