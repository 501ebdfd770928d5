// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import no.krrgateway.channel.file.FileIntake;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.lookup.LookupWork.LookupItem;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeCounts;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.verdict.Verdict.VerdictReason;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.springframework.stereotype.Component;

/** Counts what passes the shared lookup route, for every channel, and finished files. Tags: fixed sets, never ids. */
@Component
public class LookupMetrics extends RoutePolicySupport {

    static final String NO_CODE = "NONE";

    private final DistributionSummary lookupIds;
    private final Meter.MeterProvider<Counter> idsReceived;
    private final Meter.MeterProvider<Counter> outcomeCounts;
    private final Meter.MeterProvider<Counter> reasonCounts;
    private final Meter.MeterProvider<Counter> disagreements;
    private final Meter.MeterProvider<Counter> filesProcessed;

    public LookupMetrics(MeterRegistry registry) {
        idsReceived = Counter.builder("gateway.ids.received")
                .description("Person ids received for lookup, valid or not").withRegistry(registry);
        outcomeCounts = Counter.builder("gateway.outcomes")
                .description("Outcomes decided: results (by notifiable) and errors (by code)").withRegistry(registry);
        reasonCounts = Counter.builder("gateway.outcome.reasons").withRegistry(registry);
        // tagged by KRR's varslingsstatus (only its two known values get here) and our notifiable
        disagreements = Counter.builder("gateway.verdict.disagreements")
                .description("Results whose notifiable contradicts KRR's own varslingsstatus; ours is kept")
                .withRegistry(registry);
        lookupIds = DistributionSummary.builder("gateway.lookup.ids")
                .description("Ids per lookup: one Kafka batch or one chunk of a file")
                .serviceLevelObjectives(1, 10, 100, 500, 1000, 2000, 5000, 10000).register(registry);
        filesProcessed = Counter.builder("gateway.files.processed")
                .description("Dropped files finished: done (results written, input moved to .done) or error")
                .withRegistry(registry);
    }

    /** Route lookup-batch's policy: its LookupWork in ({@link #answered}, its last step, counts what comes out). */
    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        received(exchange.getMessage().getBody(LookupWork.class));
    }

    public void received(LookupWork work) {
        lookupIds.record(work.items().size());
        int[] ids = new int[Channel.values().length];
        for (LookupItem item : work.items()) {
            ids[Channel.of(item.context().source()).ordinal()]++;
        }
        idsReceived.withTags("channel", Channel.KAFKA.tag).increment(ids[Channel.KAFKA.ordinal()]);
        idsReceived.withTags("channel", Channel.FILE.tag).increment(ids[Channel.FILE.ordinal()]);
        // Distinct ids of coalesced API requests (gateway_api_outcomes_total counts what callers got).
        increment(idsReceived, ids[Channel.API.ordinal()], "channel", Channel.API.tag);
    }

    /** Counted per tag set, then each counter incremented once: a registry lookup per outcome cost visible CPU. */
    public void answered(List<PersonOutcome> outcomes) {
        Channel[] channels = Channel.values();
        OutcomeCounts[] counts = Stream.generate(() -> new OutcomeCounts(List.of())).limit(channels.length)
                .toArray(OutcomeCounts[]::new);
        // [0: KAN_VARSLES but not notifiable, 1: KAN_IKKE_VARSLES but notifiable]
        long[] disagreeing = new long[2];
        for (PersonOutcome outcome : outcomes) {
            counts[Channel.of(outcome.context().source()).ordinal()].add(outcome);
            if (outcome instanceof PersonOutcome.Result result && result.disagreesWithKrr()) {
                disagreeing[result.verdict().notifiable() ? 1 : 0]++;
            }
        }
        for (Channel channel : channels) {
            OutcomeCounts counted = counts[channel.ordinal()];
            OutcomeCounts.Totals totals = counted.totals();
            increment(outcomeCounts, totals.results() - totals.notifiable(), "channel", channel.tag, "result", "result",
                    "code", NO_CODE, "notifiable", "false");
            increment(outcomeCounts, totals.notifiable(), "channel", channel.tag, "result", "result", "code", NO_CODE,
                    "notifiable", "true");
            for (VerdictReason reason : VerdictReason.values()) {
                increment(reasonCounts, counted.reasons(reason), "channel", channel.tag, "reason", reason.name());
            }
            for (ErrorCode code : ErrorCode.values()) {
                increment(outcomeCounts, counted.errors(code), "channel", channel.tag, "result", "error", "code",
                        code.name(), "notifiable", "false");
            }
        }
        increment(disagreements, disagreeing[0], "krr", PersonOutcome.Result.KAN_VARSLES, "ours", "false");
        increment(disagreements, disagreeing[1], "krr", PersonOutcome.Result.KAN_IKKE_VARSLES, "ours", "true");
    }

    /** {@code target}: where the input went; empty while it stays in the inbox (to be tried again, or another's). */
    public void processed(String target) {
        if (target != null && !target.isEmpty()) {
            filesProcessed.withTags("outcome", target.startsWith(FileIntake.DONE + "/") ? "done" : "error").increment();
        }
    }

    private static void increment(Meter.MeterProvider<Counter> counter, long count, String... tags) {
        if (count > 0) {
            counter.withTags(tags).increment(count);
        }
    }

    enum Channel {
        KAFKA, FILE, API;

        final String tag = name().toLowerCase(Locale.ROOT);

        static Channel of(OutcomeSource source) {
            return source instanceof OutcomeSource.File ? FILE : source instanceof OutcomeSource.Api ? API : KAFKA;
        }
    }
}
