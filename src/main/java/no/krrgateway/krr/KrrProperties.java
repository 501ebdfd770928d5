// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import no.krrgateway.config.Redact;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param baseUrl            KRR root; the gateway calls {@code POST {base-url}/rest/v2/personer}
 * @param batchSize          most ids per KRR call, 1..1000
 * @param batchTimeout       how long a partial batch waits for more ids
 * @param maxConcurrentCalls KRR calls in flight at once, across all consumers
 * @param timeout            one KRR call's timeout
 * @param retryAttempts      attempts per call on 5xx, 429, timeouts and refused connections
 * @param retryBackoff       first wait between attempts, doubled each time, each drawn within half of it either side
 * @param retryMaxBackoff    longest wait between attempts, also the cap on Retry-After
 */
@Validated
@ConfigurationProperties("gateway.krr")
public record KrrProperties(
        @NotNull URI baseUrl,
        @DefaultValue("1000") @Min(1) @Max(1000) int batchSize,
        @DefaultValue("200ms") @NotNull Duration batchTimeout,
        @DefaultValue("4") @Min(1) int maxConcurrentCalls,
        @DefaultValue("10s") @NotNull Duration timeout,
        @DefaultValue("5") @Min(1) int retryAttempts,
        @DefaultValue("200ms") @NotNull Duration retryBackoff,
        @DefaultValue("10s") @NotNull Duration retryMaxBackoff) {

    @AssertTrue(message = "gateway.krr.retry-backoff must be at least 1ms and at most retry-max-backoff")
    public boolean isRetryBackoffAllowed() {
        return retryBackoff == null || retryMaxBackoff == null
                || (retryBackoff.toMillis() >= 1 && retryBackoff.compareTo(retryMaxBackoff) <= 0);
    }

    /** Without credentials a base URL might carry. */
    @Override
    public String toString() {
        return "KrrProperties[baseUrl=" + Redact.url(baseUrl) + ", batchSize=" + batchSize + ", batchTimeout="
                + batchTimeout + ", maxConcurrentCalls=" + maxConcurrentCalls + ", timeout=" + timeout
                + ", retryAttempts=" + retryAttempts + ", retryBackoff=" + retryBackoff + ", retryMaxBackoff="
                + retryMaxBackoff + "]";
    }
}
