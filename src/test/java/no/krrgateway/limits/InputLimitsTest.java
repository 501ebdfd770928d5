// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputLimitsTest {

    private final InputLimits limits = new InputLimits(3, 5, 11, 4, 6, 4000, 100_000);

    @Test
    void eachCheck_atTheLimit_passes_overIt_namesTheSetting() {
        assertThat(limits.idCountProblem(3)).isEmpty();
        assertThat(limits.idCountProblem(4)).get().asString()
                .contains("4 ids", "at most 3", "gateway.limits.max-ids-per-request");
        assertThat(limits.requestIdProblem("abcde")).isEmpty();
        assertThat(limits.requestIdProblem("abcdef")).get().asString()
                .contains("6 characters", "gateway.limits.max-request-id-length");
        assertThat(limits.idLengthProblem("12345678901")).isEmpty();
        assertThat(limits.idLengthProblem("123456789012")).get().asString().contains("gateway.limits.max-id-length");
        assertThat(limits.correlationIdProblem("abcd")).isEmpty();
        assertThat(limits.correlationIdProblem("abcde")).get().asString()
                .contains("correlation-id", "gateway.limits.max-correlation-id-length");
        assertThat(limits.requestIdProblem(null)).isEmpty();
        assertThat(limits.correlationIdProblem(null)).isEmpty();
    }

    @Test
    void payloadEcho_cutsToTheLimit_withoutSplittingASurrogatePair() {
        assertThat(limits.payloadEcho("abcdef")).isEqualTo("abcdef");
        assertThat(limits.payloadEcho("abcdefgh")).isEqualTo("abcdef");
        assertThat(limits.payloadEcho("abcde\uD83D\uDE00xyz")).isEqualTo("abcde");
        assertThat(limits.payloadEcho(null)).isNull();
        // max-payload-echo 0 (its @Min): nothing echoed
        assertThat(new InputLimits(3, 5, 11, 4, 0, 4000, 100_000).payloadEcho("\uD83D\uDE00{")).isEmpty();
    }
}
