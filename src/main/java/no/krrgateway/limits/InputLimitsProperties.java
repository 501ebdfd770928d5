// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.limits;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Caps on what a request may make the gateway hold or copy, for every channel that takes requests (Kafka now, the
 * HTTP API too); {@link InputLimits} applies them.
 *
 * @param maxIdsPerRequest     most ids one request may hold; more is a MALFORMED_REQUEST naming this limit
 * @param maxRequestIdLength   longest {@code requestId}, in characters, that outcomes copy; longer is a
 *                             MALFORMED_REQUEST
 * @param maxIdLength          longest id, in characters, that an outcome copies; person ids have 11, so a longer one
 *                             makes the request a MALFORMED_REQUEST
 * @param maxCorrelationIdLength longest {@code correlation-id} header value, in characters, that outcomes copy;
 *                             longer is a MALFORMED_REQUEST without it
 * @param maxPayloadEcho       most characters of a malformed request echoed in the error's {@code payload}; the
 *                             error's {@code payloadLength} gives the whole length
 * @param idsPerSlice          most ids looked up and published at once by one Kafka consumer: a larger poll (or
 *                             record) is processed in slices of this many, committed after the last
 */
@Validated
@ConfigurationProperties("gateway.limits")
public record InputLimitsProperties(@DefaultValue("100000") @Min(1) int maxIdsPerRequest,
                                    @DefaultValue("256") @Min(1) int maxRequestIdLength,
                                    @DefaultValue("64") @Min(11) int maxIdLength,
                                    @DefaultValue("1024") @Min(1) int maxCorrelationIdLength,
                                    @DefaultValue("1024") @Min(0) int maxPayloadEcho,
                                    @DefaultValue("4000") @Min(1) int idsPerSlice) {

    public InputLimits limits() {
        return new InputLimits(maxIdsPerRequest, maxRequestIdLength, maxIdLength, maxCorrelationIdLength,
                maxPayloadEcho);
    }
}
