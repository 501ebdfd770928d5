// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.limits;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Caps on what a request may make the gateway hold or copy, for every channel that takes requests (Kafka now, the
 * HTTP API too). Defaults live in {@code config/application.yml}; {@link InputLimits} applies them.
 *
 * @param maxIdsPerRequest     most ids one request may hold; more is a MALFORMED_REQUEST naming this limit
 *                             (default 100000)
 * @param maxRequestIdLength   longest {@code requestId}, in characters, that outcomes copy; longer is a
 *                             MALFORMED_REQUEST (default 256)
 * @param maxIdLength          longest id, in characters, that an outcome copies; person ids have 11, so a longer one
 *                             makes the request a MALFORMED_REQUEST (default 64)
 * @param maxCorrelationIdLength longest {@code correlation-id} header value, in characters, that outcomes copy;
 *                             longer is a MALFORMED_REQUEST without it (default 1024)
 * @param maxPayloadEcho       most characters of a malformed request echoed in the error's {@code payload}; the
 *                             error's {@code payloadLength} gives the whole length (default 1024)
 * @param idsPerSlice          most ids looked up and published at once by one Kafka consumer: a larger poll (or
 *                             record) is processed in slices of this many, committed after the last (default 4000)
 */
@Validated
@ConfigurationProperties("gateway.limits")
public record InputLimitsProperties(@Min(1) int maxIdsPerRequest, @Min(1) int maxRequestIdLength,
                                    @Min(11) int maxIdLength, @Min(1) int maxCorrelationIdLength,
                                    @Min(0) int maxPayloadEcho, @Min(1) int idsPerSlice) {

    public InputLimits limits() {
        return new InputLimits(maxIdsPerRequest, maxRequestIdLength, maxIdLength, maxCorrelationIdLength,
                maxPayloadEcho);
    }
}
