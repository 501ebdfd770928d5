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

/**
 * Counts what passes the shared lookup route, for every channel at once: ids received, ids per lookup, and outcomes
 * by result, error code and §32 reason, and results where KRR's varslingsstatus disagrees with ours. Tags come only
 * from fixed sets (channel, result, code, reason, KRR's two varslingsstatus values), never ids.
 */
public class LookupMetrics {

    static final String NO_CODE = "NONE";

    private final MeterRegistry registry;
    private final DistributionSummary lookupIds;
    /**
     * The counters by their tags: looking one up in the registry per outcome (building its id, sorting its tags) was
     * a visible share of the CPU per id. The tags come from fixed sets, so this stays small.
     */
    private final Map<List<Object>, Counter> counters = new ConcurrentHashMap<>();

    public LookupMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.lookupIds = Sizes.register(registry, "gateway.lookup.ids",
                "Ids per lookup: one Kafka batch or one chunk of a file", 1, 10, 100, 500, 1000, 2000, 5000, 10000);
    }

    /** Route step before the lookup; leaves the body as it is. */
    public void received(LookupWork work) {
        lookupIds.record(work.items().size());
        int kafka = 0;
        int file = 0;
        int api = 0;
        for (LookupItem item : work.items()) {
            if (item.context().source() instanceof OutcomeSource.File) {
                file++;
            } else if (item.context().source() instanceof OutcomeSource.Api) {
                api++;
            } else {
                kafka++;
            }
        }
        idsReceived(Channel.KAFKA, kafka);
        idsReceived(Channel.FILE, file);
        if (api > 0) {
            // Distinct ids of coalesced API requests (gateway_api_outcomes_total counts what callers got).
            idsReceived(Channel.API, api);
        }
    }

    /**
     * Route step after the lookup; leaves the body as it is. The outcomes are counted per tag set first and each
     * counter is then incremented once per lookup: a counter looked up per outcome (a map key built and hashed) was a
     * visible share of the CPU per id.
     */
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
            int channel = Channel.of(outcome).ordinal();
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
        Counter counter = Counter.builder("gateway.ids.received")
                .description("Person ids received for lookup, valid or not")
                .tag("channel", channel.tag())
                .register(registry);
        counter.increment(count);
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

    /** The channel an id or outcome came through, as a tag value. */
    enum Channel {
        KAFKA, FILE, API;

        // Made once: a new string per outcome had its hash computed again for every counter lookup.
        private final String tag = name().toLowerCase(java.util.Locale.ROOT);

        String tag() {
            return tag;
        }

        static Channel of(PersonOutcome outcome) {
            OutcomeSource source = outcome.context().source();
            return source instanceof OutcomeSource.File ? FILE : source instanceof OutcomeSource.Api ? API : KAFKA;
        }
    }
}
