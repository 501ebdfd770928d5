// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.limits;

import java.util.Optional;

/**
 * The checks behind {@link InputLimitsProperties}, shared by every channel that takes requests: each check returns
 * the problem to answer with (as a MALFORMED_REQUEST message naming the setting) or empty when the value is within
 * its limit. Everything an outcome copies from a request passes one of these, so no request can make an outcome
 * larger than the limits allow.
 */
public record InputLimits(int maxIdsPerRequest, int maxRequestIdLength, int maxIdLength,
                          int maxCorrelationIdLength, int maxPayloadEcho) {

    /** The defaults of config/application.yml, for tests and tools that run without Spring. */
    public static final InputLimits DEFAULTS = new InputLimits(100_000, 256, 64, 1024, 1024);

    public Optional<String> idCountProblem(long ids) {
        return ids > maxIdsPerRequest
                ? Optional.of("the request holds " + ids + " ids; at most " + maxIdsPerRequest
                        + " are allowed per request (gateway.limits.max-ids-per-request)")
                : Optional.empty();
    }

    public Optional<String> requestIdProblem(String requestId) {
        return requestId != null && requestId.length() > maxRequestIdLength
                ? Optional.of("requestId has " + requestId.length() + " characters; at most " + maxRequestIdLength
                        + " are allowed (gateway.limits.max-request-id-length)")
                : Optional.empty();
    }

    public Optional<String> idLengthProblem(String id) {
        return id != null && id.length() > maxIdLength
                ? Optional.of("an id has " + id.length() + " characters; at most " + maxIdLength
                        + " are allowed (gateway.limits.max-id-length)")
                : Optional.empty();
    }

    public Optional<String> correlationIdProblem(String correlationId) {
        return correlationId != null && correlationId.length() > maxCorrelationIdLength
                ? Optional.of("the correlation-id header has " + correlationId.length() + " characters; at most "
                        + maxCorrelationIdLength + " are allowed (gateway.limits.max-correlation-id-length)")
                : Optional.empty();
    }

    /** The part of a malformed request an error echoes: its first {@code maxPayloadEcho} characters. */
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
