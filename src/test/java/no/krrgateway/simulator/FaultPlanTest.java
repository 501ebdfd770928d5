// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    private static final int DRAWS = 10_000;

    @Test
    void decideKrr_ratesWithFixedSeed_matchWithinTolerance() {
        FaultPlan plan = FaultPlan.of(rates(Map.of(500, 0.2, 503, 0.1), 0.1, "7"), T0,
                new Random(42));

        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < DRAWS; i++) {
            FaultPlan.Fault fault = plan.decideKrr(T0).fault();
            statuses.merge(fault == null ? 200 : fault.status(), 1, Integer::sum);
            if (fault != null && fault.status() == 429) {
                assertThat(fault.retryAfter()).isEqualTo("7");
            }
        }

        assertThat(statuses.get(500) / (double) DRAWS).isCloseTo(0.2, within(0.02));
        assertThat(statuses.get(503) / (double) DRAWS).isCloseTo(0.1, within(0.02));
        assertThat(statuses.get(429) / (double) DRAWS).isCloseTo(0.1, within(0.02));
        assertThat(statuses.get(200) / (double) DRAWS).isCloseTo(0.6, within(0.02));
    }

    @Test
    void decideKrr_sameSeed_drawsTheSameSequence() {
        FaultSettings settings = rates(Map.of(500, 0.5), null, null);
        FaultPlan first = FaultPlan.of(settings, T0, new Random(7));
        FaultPlan second = FaultPlan.of(settings, T0, new Random(7));

        for (int i = 0; i < 100; i++) {
            assertThat(first.decideKrr(T0).fault()).isEqualTo(second.decideKrr(T0).fault());
        }
    }

    @Test
    void decideKrr_outageWindow_answersFromStartUntilJustBeforeEnd() {
        FaultPlan plan = FaultPlan.of(outage(new FaultSettings.Outage(
                Duration.ofSeconds(10), Duration.ofSeconds(60), 502), null), T0, new Random(1));

        assertThat(plan.decideKrr(T0.plusMillis(9_999)).fault()).isNull();
        assertThat(plan.decideKrr(T0.plusSeconds(10)).fault())
                .isEqualTo(new FaultPlan.Fault(502, null, FaultPlan.Kind.OUTAGE));
        assertThat(plan.decideKrr(T0.plusMillis(69_999)).fault().status()).isEqualTo(502);
        assertThat(plan.decideKrr(T0.plusSeconds(70)).fault()).isNull();
    }

    @Test
    void decideKrr_outageForShorthand_startsNowWith503() {
        FaultPlan plan = FaultPlan.of(outage(null, Duration.ofSeconds(60)), T0, new Random(1));

        assertThat(plan.decideKrr(T0).fault().status()).isEqualTo(503);
        assertThat(plan.decideKrr(T0.plusSeconds(60)).fault()).isNull();
    }

    @Test
    void decideKrr_outage_answersAtOnceAndLeavesCountedFaultsForLater() {
        FaultSettings settings = new FaultSettings(null, null, null, 401, 1, null, null, null, null,
                Duration.ofSeconds(1), null, 1.0, null, null, Duration.ofSeconds(5), null, null);
        FaultPlan plan = FaultPlan.of(settings, T0, new Random(1));

        FaultPlan.KrrDecision during = plan.decideKrr(T0.plusSeconds(1));
        FaultPlan.KrrDecision after = plan.decideKrr(T0.plusSeconds(5));

        assertThat(during.delay()).isZero();
        assertThat(during.hang()).isFalse();
        assertThat(during.fault().kind()).isEqualTo(FaultPlan.Kind.OUTAGE);
        assertThat(after.fault()).isEqualTo(new FaultPlan.Fault(401, null, FaultPlan.Kind.COUNTED));
        assertThat(after.hang()).isTrue();
        assertThat(after.delay()).isEqualTo(Duration.ofMinutes(5).plusSeconds(1));
    }

    @Test
    void decideKrr_countedFault_precedesRatesThenRatesResume() {
        FaultSettings settings = new FaultSettings(null, null, null, 503, 2, "3", Map.of(500, 1.0), null, null,
                null, null, null, null, null, null, null, null);
        FaultPlan plan = FaultPlan.of(settings, T0, new Random(1));

        assertThat(plan.decideKrr(T0).fault()).isEqualTo(new FaultPlan.Fault(503, "3", FaultPlan.Kind.COUNTED));
        assertThat(plan.decideKrr(T0).fault().status()).isEqualTo(503);
        assertThat(plan.decideKrr(T0).fault()).isEqualTo(new FaultPlan.Fault(500, null, FaultPlan.Kind.RATE));
    }

    @Test
    void decideKrr_latencyRangeAndHangRate_drawUniformlyWithinBounds() {
        FaultSettings settings = new FaultSettings(null, null, null, null, null, null, null, null, null,
                Duration.ofMillis(100), Duration.ofMillis(300), 0.05, Duration.ofSeconds(30), null, null, null, null);
        FaultPlan plan = FaultPlan.of(settings, T0, new Random(3));

        long hangs = 0;
        long totalMillis = 0;
        for (int i = 0; i < DRAWS; i++) {
            FaultPlan.KrrDecision decision = plan.decideKrr(T0);
            long millis = decision.delay().toMillis() - (decision.hang() ? 30_000 : 0);
            assertThat(millis).isBetween(100L, 300L);
            totalMillis += millis;
            hangs += decision.hang() ? 1 : 0;
        }

        assertThat(totalMillis / (double) DRAWS).isCloseTo(200.0, within(5.0));
        assertThat(hangs / (double) DRAWS).isCloseTo(0.05, within(0.01));
    }

    @Test
    void rejects_batchWithRejectedId_onlyThatBatch() {
        FaultPlan plan = FaultPlan.of(rejecting(List.of("bad-1", "bad-2")), T0, new Random(1));

        assertThat(plan.rejects(List.of("ok-1", "bad-2", "ok-2"))).isTrue();
        assertThat(plan.rejects(List.of("ok-1", "ok-2"))).isFalse();
        assertThat(FaultPlan.of(FaultSettings.NONE, T0, new Random(1)).rejects(List.of("bad-1"))).isFalse();
    }

    @Test
    void decideToken_countedThenRates() {
        FaultSettings settings = new FaultSettings(500, 1, Map.of(503, 1.0), null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
        FaultPlan plan = FaultPlan.of(settings, T0, new Random(1));

        assertThat(plan.decideToken()).contains(new FaultPlan.Fault(500, null, FaultPlan.Kind.COUNTED));
        assertThat(plan.decideToken()).contains(new FaultPlan.Fault(503, null, FaultPlan.Kind.RATE));
        assertThat(FaultPlan.of(FaultSettings.NONE, T0, new Random(1)).decideToken()).isEmpty();
    }

    @Test
    void patched_leavesUnnamedCountdownAndWindowRunning() {
        FaultSettings start = new FaultSettings(null, null, null, 503, 3, null, null, null, null, null, null, null,
                null, new FaultSettings.Outage(Duration.ofSeconds(10), Duration.ofSeconds(20), null), null, null, null);
        FaultPlan plan = FaultPlan.of(start, T0, new Random(1));
        plan.decideKrr(T0);

        FaultPlan patched = plan.patched(rejecting(List.of("x")), T0.plusSeconds(5));
        FaultSettings now = patched.current(T0.plusSeconds(5));

        assertThat(now.krrCount()).isEqualTo(2);
        assertThat(now.outage())
                .isEqualTo(new FaultSettings.Outage(Duration.ofSeconds(5), Duration.ofSeconds(20), 503));
        assertThat(now.rejectIds()).containsExactly("x");
        assertThat(patched.decideKrr(T0.plusSeconds(10)).fault().kind()).isEqualTo(FaultPlan.Kind.OUTAGE);
    }

    @Test
    void patched_namingTheCountdown_replacesItWhole() {
        FaultPlan plan = FaultPlan.of(new FaultSettings(null, null, null, 503, -1, "9", null, null, null, null, null,
                null, null, null, null, null, null), T0, new Random(1));

        FaultSettings now = plan.patched(new FaultSettings(null, null, null, 401, null, null, null, null, null, null,
                null, null, null, null, null, null, null), T0).current(T0);

        assertThat(now.krrStatus()).isEqualTo(401);
        assertThat(now.krrCount()).isEqualTo(1);
        assertThat(now.krrRetryAfter()).isNull();
    }

    @Test
    void current_afterCountdownAndWindowRunOut_showsNeither() {
        FaultPlan plan = FaultPlan.of(new FaultSettings(null, null, null, 500, 1, null, null, null, null, null, null,
                null, null, null, Duration.ofSeconds(1), null, null), T0, new Random(1));
        plan.decideKrr(T0.plusSeconds(2));

        FaultSettings now = plan.current(T0.plusSeconds(2));

        assertThat(now).isEqualTo(FaultSettings.NONE);
    }

    private static FaultSettings rates(Map<Integer, Double> rates, Double rate429, String after) {
        return new FaultSettings(null, null, null, null, null, null, rates, rate429, after, null, null, null, null,
                null, null, null, null);
    }

    private static FaultSettings outage(FaultSettings.Outage outage, Duration outageFor) {
        return new FaultSettings(null, null, null, null, null, null, null, null, null, null, null, null, null,
                outage, outageFor, null, null);
    }

    private static FaultSettings rejecting(List<String> ids) {
        return new FaultSettings(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, ids, null);
    }
}
