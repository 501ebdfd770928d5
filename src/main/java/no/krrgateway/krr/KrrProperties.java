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
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway calls KRR. Defaults live in {@code config/application.yml}.
 *
 * @param baseUrl            KRR root; the gateway calls {@code POST {base-url}/rest/v2/personer}
 * @param batchSize          most ids per KRR call, 1..1000 (default 1000)
 * @param batchTimeout       how long a partial batch waits for more ids (default 200ms)
 * @param maxConcurrentCalls KRR calls in flight at once, across all consumers (default 4)
 * @param timeout            one KRR call's timeout (default 10s)
 * @param retryAttempts      attempts per call on 5xx, 429, timeouts and refused connections (default 5)
 * @param retryBackoff       first wait between attempts, doubled each time, each wait drawn within half of it
 *                           either side (default 200ms)
 * @param retryMaxBackoff    longest wait between attempts, also the cap on Retry-After (default 10s)
 */
@Validated
@ConfigurationProperties("gateway.krr")
public record KrrProperties(
        @NotNull URI baseUrl,
        @Min(1) @Max(1000) int batchSize,
        @NotNull Duration batchTimeout,
        @Min(1) int maxConcurrentCalls,
        @NotNull Duration timeout,
        @Min(1) int retryAttempts,
        @NotNull Duration retryBackoff,
        @NotNull Duration retryMaxBackoff) {

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
