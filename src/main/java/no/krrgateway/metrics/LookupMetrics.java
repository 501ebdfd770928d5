// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import no.krrgateway.lookup.LookupItem;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.verdict.VerdictReason;
import org.springframework.stereotype.Component;

/** Counts what passes the shared lookup route, for every channel. Tags come only from fixed sets, never ids. */
@Component
public class LookupMetrics {

    static final String NO_CODE = "NONE";

    private final MeterRegistry registry;
    private final DistributionSummary lookupIds;
    /** Looking a counter up in the registry per outcome was a visible share of the CPU per id. */
    private final Map<List<Object>, Counter> counters = new ConcurrentHashMap<>();

    public LookupMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.lookupIds = DistributionSummary.builder("gateway.lookup.ids")
                .description("Ids per lookup: one Kafka batch or one chunk of a file")
                .serviceLevelObjectives(1, 10, 100, 500, 1000, 2000, 5000, 10000).register(registry);
    }

    public void received(LookupWork work) {
        lookupIds.record(work.items().size());
        int[] ids = new int[Channel.values().length];
        for (LookupItem item : work.items()) {
            ids[Channel.of(item.context().source()).ordinal()]++;
        }
        idsReceived(Channel.KAFKA, ids[Channel.KAFKA.ordinal()]);
        idsReceived(Channel.FILE, ids[Channel.FILE.ordinal()]);
        if (ids[Channel.API.ordinal()] > 0) {
            // Distinct ids of coalesced API requests (gateway_api_outcomes_total counts what callers got).
            idsReceived(Channel.API, ids[Channel.API.ordinal()]);
        }
    }

    /** Counted per tag set first, then each counter incremented once per lookup, for the same CPU reason. */
    public void answered(List<PersonOutcome> outcomes) {
        Channel[] channels = Channel.values();
        VerdictReason[] reasons = VerdictReason.values();
        ErrorCode[] codes = ErrorCode.values();
        // [channel][notifiable ? 1 : 0], [channel][reason], [channel][code], [0: KAN_VARSLES but not notifiable,
        // 1: KAN_IKKE_VARSLES but notifiable]
        long[][] results = new long[channels.length][2];
        long[][] byReason = new long[channels.length][reasons.length];
        long[][] errors = new long[channels.length][codes.length];
        long[] disagreements = new long[2];
        for (PersonOutcome outcome : outcomes) {
            int channel = Channel.of(outcome.context().source()).ordinal();
            if (outcome instanceof PersonOutcome.Result result) {
                boolean notifiable = result.verdict().notifiable();
                results[channel][notifiable ? 1 : 0]++;
                for (VerdictReason reason : result.verdict().reasons()) {
                    byReason[channel][reason.ordinal()]++;
                }
                if (result.disagreesWithKrr()) {
                    disagreements[notifiable ? 1 : 0]++;
                }
            } else {
                errors[channel][((PersonOutcome.Error) outcome).code().ordinal()]++;
            }
        }
        for (Channel channel : channels) {
            String tag = channel.tag();
            for (int notifiable = 0; notifiable < 2; notifiable++) {
                long count = results[channel.ordinal()][notifiable];
                if (count > 0) {
                    outcomes(tag, "result", NO_CODE, notifiable == 1).increment(count);
                }
            }
            for (VerdictReason reason : reasons) {
                long count = byReason[channel.ordinal()][reason.ordinal()];
                if (count > 0) {
                    counters.computeIfAbsent(List.of("reason", tag, reason), key -> registry.counter(
                            "gateway.outcome.reasons", "channel", tag, "reason", reason.name())).increment(count);
                }
            }
            for (ErrorCode code : codes) {
                long count = errors[channel.ordinal()][code.ordinal()];
                if (count > 0) {
                    outcomes(tag, "error", code.name(), false).increment(count);
                }
            }
        }
        if (disagreements[0] > 0) {
            disagreement(PersonOutcome.Result.KAN_VARSLES, false).increment(disagreements[0]);
        }
        if (disagreements[1] > 0) {
            disagreement(PersonOutcome.Result.KAN_IKKE_VARSLES, true).increment(disagreements[1]);
        }
    }

    /** Tagged by KRR's varslingsstatus (only its two known values get here) and our notifiable. */
    private Counter disagreement(String krr, boolean notifiable) {
        String ours = Boolean.toString(notifiable);
        return counters.computeIfAbsent(List.of("disagreement", krr, ours), key -> Counter.builder(
                        "gateway.verdict.disagreements")
                .description("Results whose notifiable contradicts KRR's own varslingsstatus; ours is kept")
                .tag("krr", krr)
                .tag("ours", ours)
                .register(registry));
    }

    private void idsReceived(Channel channel, int count) {
        Counter.builder("gateway.ids.received").description("Person ids received for lookup, valid or not")
                .tag("channel", channel.tag()).register(registry).increment(count);
    }

    private Counter outcomes(String channel, String result, String code, boolean notifiable) {
        return counters.computeIfAbsent(List.of("outcome", channel, result, code, notifiable),
                key -> Counter.builder("gateway.outcomes")
                .description("Outcomes decided: results (by notifiable) and errors (by code)")
                .tag("channel", channel)
                .tag("result", result)
                .tag("code", code)
                .tag("notifiable", Boolean.toString(notifiable))
                .register(registry));
    }

    enum Channel {
        KAFKA, FILE, API;

        // Made once: a new string per outcome had its hash computed again for every counter lookup.
        private final String tag = name().toLowerCase(java.util.Locale.ROOT);

        String tag() {
            return tag;
        }

        static Channel of(OutcomeSource source) {
            return source instanceof OutcomeSource.File ? FILE : source instanceof OutcomeSource.Api ? API : KAFKA;
        }
    }
}
