// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The fault holder on a fixed clock: base latency, counting, and refusing invalid settings. */
class SimulatorFaultsTest {

    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

    private final SimulatorStats stats = new SimulatorStats();

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    @Test
    void decideKrr_noFaults_delaysByBaseLatencyOnly() {
        FaultPlan.KrrDecision decision = faults(FaultSettings.NONE).decideKrr();

        assertThat(decision.delay()).isEqualTo(Duration.ofMillis(250));
        assertThat(decision.fault()).isNull();
    }

    @Test
    void decideKrr_inOutage_answersWithoutBaseLatencyAndCountsIt() {
        SimulatorFaults faults = faults(FaultSettings.NONE);
        faults.merge(new FaultSettings(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, Duration.ofSeconds(1), null, null));

        FaultPlan.KrrDecision decision = faults.decideKrr();

        assertThat(decision.delay()).isZero();
        assertThat(decision.fault().status()).isEqualTo(503);
        assertThat(stats.snapshot().outageAnswers()).isEqualTo(1);
        assertThat(stats.snapshot().injectedErrors()).isZero();
    }

    @Test
    void decideKrr_countedFaults_countedBy429OrOther() {
        SimulatorFaults faults = faults(new FaultSettings(null, null, null, 429, 1, "1", null, null, null, null, null,
                null, null, null, null, null, null));
        faults.decideKrr();
        faults.replace(new FaultSettings(null, null, null, 500, 2, null, null, null, null, null, null, null, null,
                null, null, null, null));
        faults.decideKrr();
        faults.decideKrr();
        faults.decideKrr();

        assertThat(stats.snapshot().injected429()).isEqualTo(1);
        assertThat(stats.snapshot().injectedErrors()).isEqualTo(2);
    }

    @Test
    void rejects_batchWithRejectedId_isCounted() {
        SimulatorFaults faults = faults(new FaultSettings(null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, List.of("bad"), null));

        assertThat(faults.rejects(List.of("ok", "bad"))).isTrue();
        assertThat(faults.rejects(List.of("ok"))).isFalse();
        assertThat(stats.snapshot().rejectedBatches()).isEqualTo(1);
    }

    @Test
    void merge_resultInvalid_isRefusedAndChangesNothing() {
        SimulatorFaults faults = faults(new FaultSettings(null, null, null, null, null, null, null, 0.6, null, null,
                null, null, null, null, null, null, null));

        assertThatThrownBy(() -> faults.merge(new FaultSettings(null, null, null, null, null, null,
                java.util.Map.of(500, 0.5), null, null, null, null, null, null, null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1");
        assertThat(faults.current().krrErrorRates()).isNull();
    }

    @Test
    void clear_afterStartSettings_switchesEverythingOff() {
        SimulatorFaults faults = faults(new FaultSettings(503, -1, null, 500, -1, null, null, 0.5, null, null, null,
                null, null, null, Duration.ofMinutes(1), List.of("x"), null));

        faults.clear();

        assertThat(faults.current()).isEqualTo(FaultSettings.NONE);
    }

    private SimulatorFaults faults(FaultSettings start) {
        SimulatorProperties properties = new SimulatorProperties(Duration.ofMillis(250), null, null, start);
        return new SimulatorFaults(properties, stats, VALIDATION.getValidator(), CLOCK);
    }
}
