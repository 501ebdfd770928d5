// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param enabled                whether the API ({@code POST /api/v1/lookups}, docs/http-api.md) is served
 * @param auth                   {@code jwt}: bearer tokens checked; {@code none}: no check, for the local run only
 * @param requiredScope          scope a token must carry
 * @param maxIds                 ids in one request
 * @param maxBodySize            request body, chunked or not; past it 413
 * @param bodyTimeout            the whole body within this from the request's start, else 408
 * @param coalesceWindow         longest a request waits for others to share its KRR call
 * @param maxWaitingIds          ids accepted and not yet answered, over all requests; past it 503
 * @param maxWaitingIdsPerClient the same for one client ({@link Caller#clientId}); past it 503 for that client only
 * @param timeout                every response within this; past it 503
 * @param maxConcurrentRequests  requests worked on at once, each holding a thread while it waits; past it 503; a
 *                               client's share ({@link #requestsPerClient}) counts its bodies being received too
 * @param retryAfter             the Retry-After of a 503 for too much waiting work
 * @param clientIdClaim          the token claim that names the calling client ({@link Caller#clientId})
 */
@Validated
@ConfigurationProperties("gateway.api")
public record ApiProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("jwt") @NotNull Auth auth,
        @DefaultValue("krr-gateway:lookup") @NotBlank String requiredScope,
        @DefaultValue("1000") @Min(1) @Max(100_000) int maxIds,
        @DefaultValue("256KB") @NotNull DataSize maxBodySize,
        @DefaultValue("10s") @NotNull Duration bodyTimeout,
        @DefaultValue("20ms") @NotNull Duration coalesceWindow,
        @DefaultValue("20000") @Min(1) int maxWaitingIds,
        @DefaultValue("10000") @Min(1) int maxWaitingIdsPerClient,
        @DefaultValue("15s") @NotNull Duration timeout,
        @DefaultValue("1000") @Min(1) @Max(10_000) int maxConcurrentRequests,
        @DefaultValue("1s") @NotNull Duration retryAfter,
        @DefaultValue("client_id") @NotBlank String clientIdClaim) {

    public enum Auth { JWT, NONE }

    /** A client's share of max-concurrent-requests: its share of the waiting ids, at least one. */
    public long requestsPerClient() {
        return Math.max(1, (long) maxConcurrentRequests * maxWaitingIdsPerClient / maxWaitingIds);
    }

    @AssertTrue(message = "gateway.api.timeout must be longer than gateway.api.coalesce-window")
    public boolean isTimeoutAfterWindow() {
        return timeout == null || coalesceWindow == null || timeout.compareTo(coalesceWindow) > 0;
    }

    /** So max-waiting-ids is at least max-ids too: the waiting room holds any one request. */
    @AssertTrue(message = "gateway.api.max-waiting-ids-per-client must be at least gateway.api.max-ids and at most "
            + "gateway.api.max-waiting-ids")
    public boolean isWaitingRoomPerClient() {
        return maxWaitingIdsPerClient >= maxIds && maxWaitingIdsPerClient <= maxWaitingIds;
    }

    @AssertTrue(message = "gateway.api.body-timeout must be positive and shorter than gateway.api.timeout")
    public boolean isBodyTimeoutWithinTimeout() {
        return bodyTimeout == null || timeout == null
                || (!bodyTimeout.isNegative() && !bodyTimeout.isZero() && bodyTimeout.compareTo(timeout) < 0);
    }
}
