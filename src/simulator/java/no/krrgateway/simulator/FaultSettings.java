// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * The faults the simulator injects, as set at start ({@code gateway.simulator.faults.*}) or over HTTP
 * ({@code /simulator/faults}), so resilience tests can make KRR and Maskinporten misbehave in known proportions.
 * Every component is optional: null means "off" (or, in a PATCH, "keep"). Durations are written as in properties
 * ({@code 500ms}, {@code 10s}, {@code 5m}, ISO {@code PT10S}; a bare number means milliseconds).
 *
 * @param tokenStatus      the next {@code tokenCount} token calls answer this 4xx/5xx status; default off
 * @param tokenCount       how many token calls {@code tokenStatus} lasts for; default 1; negative means until cleared
 * @param tokenErrorRates  fraction of token calls answered with each status, e.g. {@code {"503": 0.1}}; default none
 * @param krrStatus        the next {@code krrCount} KRR calls answer this 4xx/5xx status; default off
 * @param krrCount         how many KRR calls {@code krrStatus} lasts for; default 1; negative means until cleared
 * @param krrRetryAfter    {@code Retry-After} sent, verbatim, with {@code krrStatus}; default none
 * @param krrErrorRates    fraction of KRR calls answered with each status, e.g. {@code {"500": 0.2, "503": 0.1}};
 *                         default none
 * @param krr429Rate       fraction of KRR calls answered 429; together with {@code krrErrorRates} at most 1;
 *                         default 0
 * @param krr429RetryAfter {@code Retry-After} sent, verbatim, with every rate-drawn 429: delay-seconds or an
 *                         HTTP-date (a malformed value is sent too, to test the client); default none
 * @param latencyMin       least extra delay of a KRR call, on top of {@code gateway.simulator.latency}; default 0
 * @param latencyMax       most extra delay; the extra is drawn uniformly from [min, max]; default {@code latencyMin}
 * @param hangRate         fraction of KRR calls held for {@code hangFor} before being answered; default 0
 * @param hangFor          how long a hanging call is held; default {@value #DEFAULT_HANG_FOR}
 * @param outage           a window in which every KRR call is answered at once with one status; default none
 * @param outageFor        shorthand for an outage of this length starting now, answered 503; default none
 * @param rejectIds        any KRR batch holding one of these ids is answered 400, so a client can split the batch
 *                         to find them; default none
 * @param seed             seed of the random draws, so calls made one at a time repeat exactly; default none
 *                         (a thread-local random)
 * @param refusedConsumerOrgs Maskinporten refuses every grant naming one of these as {@code consumer_org} (403
 *                         {@code invalid_scope}, MP-251: the customer has not delegated the scope), as when a
 *                         customer withdraws its delegation; other grants are served; default none
 * @param krrDeniedConsumerOrgs KRR answers 403 to every token issued for one of these consumer orgs; default none
 * @param krrUnauthorizedConsumerOrgs KRR answers 401 to every token issued for one of these, fresh ones included;
 *                         default none
 * @param maskinportenUnavailableConsumerOrgs Maskinporten answers 503 {@code temporarily_unavailable} to every grant
 *                         naming one of these (as when Altinn's delegation check fails for one customer), while it
 *                         serves the others; default none
 * @param maskinportenHeldConsumerOrgs Maskinporten holds every grant naming one of these, unanswered, until the
 *                         fault no longer names it (at most {@code hangFor}), then answers it; default none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaultSettings(
        @Min(400) @Max(599) Integer tokenStatus,
        Integer tokenCount,
        Map<@NotNull @Min(400) @Max(599) Integer, @NotNull @DecimalMin("0") @DecimalMax("1") Double> tokenErrorRates,
        @Min(400) @Max(599) Integer krrStatus,
        Integer krrCount,
        String krrRetryAfter,
        Map<@NotNull @Min(400) @Max(599) Integer, @NotNull @DecimalMin("0") @DecimalMax("1") Double> krrErrorRates,
        @DecimalMin("0") @DecimalMax("1") Double krr429Rate,
        String krr429RetryAfter,
        @SimpleDuration Duration latencyMin,
        @SimpleDuration Duration latencyMax,
        @DecimalMin("0") @DecimalMax("1") Double hangRate,
        @SimpleDuration Duration hangFor,
        @Valid Outage outage,
        @SimpleDuration Duration outageFor,
        List<@NotBlank String> rejectIds,
        Long seed,
        List<@NotBlank String> refusedConsumerOrgs,
        List<@NotBlank String> krrDeniedConsumerOrgs,
        List<@NotBlank String> krrUnauthorizedConsumerOrgs,
        List<@NotBlank String> maskinportenUnavailableConsumerOrgs,
        List<@NotBlank String> maskinportenHeldConsumerOrgs) {

    public static final String DEFAULT_HANG_FOR = "5m";
    public static final int DEFAULT_OUTAGE_STATUS = 503;
    public static final FaultSettings NONE = new FaultSettings(null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null);

    /** The constructor properties bind through (the canonical one; the one below is for code). */
    @ConstructorBinding
    public FaultSettings {
    }

    /** Without the per-org refusals (the settings as they were before those were added; tests write them so). */
    public FaultSettings(Integer tokenStatus, Integer tokenCount, Map<Integer, Double> tokenErrorRates,
                         Integer krrStatus, Integer krrCount, String krrRetryAfter, Map<Integer, Double> krrErrorRates,
                         Double krr429Rate, String krr429RetryAfter, Duration latencyMin, Duration latencyMax,
                         Double hangRate, Duration hangFor, Outage outage, Duration outageFor, List<String> rejectIds,
                         Long seed) {
        this(tokenStatus, tokenCount, tokenErrorRates, krrStatus, krrCount, krrRetryAfter, krrErrorRates, krr429Rate,
                krr429RetryAfter, latencyMin, latencyMax, hangRate, hangFor, outage, outageFor, rejectIds, seed, null,
                null, null, null, null);
    }

    /**
     * A window in which KRR is down.
     *
     * @param startsIn how long after the settings are applied the window opens; default 0
     * @param lasts    how long it stays open; required
     * @param status   the status every KRR call in the window gets; default {@value #DEFAULT_OUTAGE_STATUS}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outage(@SimpleDuration Duration startsIn, @NotNull @SimpleDuration Duration lasts,
                         @Min(400) @Max(599) Integer status) {
    }

    /**
     * These settings with every non-null component of {@code patch} put in. The "next N calls" fields of one
     * endpoint (status, count, Retry-After) and the two outage fields each go as a group: naming one replaces all.
     */
    public FaultSettings mergedWith(FaultSettings patch) {
        boolean token = patch.tokenStatus != null || patch.tokenCount != null;
        boolean krr = patch.krrStatus != null || patch.krrCount != null || patch.krrRetryAfter != null;
        boolean down = patch.outage != null || patch.outageFor != null;
        return new FaultSettings(token ? patch.tokenStatus : tokenStatus, token ? patch.tokenCount : tokenCount,
                or(patch.tokenErrorRates, tokenErrorRates),
                krr ? patch.krrStatus : krrStatus, krr ? patch.krrCount : krrCount,
                krr ? patch.krrRetryAfter : krrRetryAfter, or(patch.krrErrorRates, krrErrorRates),
                or(patch.krr429Rate, krr429Rate), or(patch.krr429RetryAfter, krr429RetryAfter),
                or(patch.latencyMin, latencyMin), or(patch.latencyMax, latencyMax), or(patch.hangRate, hangRate),
                or(patch.hangFor, hangFor), down ? patch.outage : outage, down ? patch.outageFor : outageFor,
                or(patch.rejectIds, rejectIds), or(patch.seed, seed),
                or(patch.refusedConsumerOrgs, refusedConsumerOrgs),
                or(patch.krrDeniedConsumerOrgs, krrDeniedConsumerOrgs),
                or(patch.krrUnauthorizedConsumerOrgs, krrUnauthorizedConsumerOrgs),
                or(patch.maskinportenUnavailableConsumerOrgs, maskinportenUnavailableConsumerOrgs),
                or(patch.maskinportenHeldConsumerOrgs, maskinportenHeldConsumerOrgs));
    }

    @AssertTrue(message = "krr429Rate and krrErrorRates must add up to at most 1")
    boolean isKrrRatesAtMostOne() {
        return sum(krrErrorRates) + (krr429Rate == null ? 0 : krr429Rate) <= 1.0 + 1e-9;
    }

    @AssertTrue(message = "tokenErrorRates must add up to at most 1")
    boolean isTokenRatesAtMostOne() {
        return sum(tokenErrorRates) <= 1.0 + 1e-9;
    }

    @AssertTrue(message = "durations must not be negative, and latencyMin must not exceed latencyMax")
    boolean isDurationsSane() {
        boolean anyNegative = Stream.of(latencyMin, latencyMax, hangFor, outageFor,
                        outage == null ? null : outage.startsIn, outage == null ? null : outage.lasts)
                .anyMatch(d -> d != null && d.isNegative());
        return !anyNegative && (latencyMin == null || latencyMax == null || latencyMin.compareTo(latencyMax) <= 0);
    }

    @AssertTrue(message = "give outage or outageFor, not both")
    boolean isOneOutage() {
        return outage == null || outageFor == null;
    }

    private static double sum(Map<Integer, Double> rates) {
        return rates == null ? 0 : rates.values().stream().mapToDouble(r -> r == null ? 0 : r).sum();
    }

    private static <T> T or(T patched, T current) {
        return patched != null ? patched : current;
    }
}
