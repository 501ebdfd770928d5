// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import java.util.concurrent.atomic.AtomicLongArray;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Counts what the simulator was asked and what faults it injected, so tests can check batching, token caching and
 * retries from outside the client.
 */
@Profile("simulator")
@Component
public class SimulatorStats {

    /** What is counted; {@link #reset()} sets them all to zero. */
    private enum Counter {
        KRR_CALLS, KRR_IDS_REQUESTED, LARGEST_BATCH, TOKEN_REQUESTS, TOKENS_ISSUED, TOKEN_ERRORS, INJECTED_ERRORS,
        INJECTED_429, OUTAGE_ANSWERS, HANGS, REJECTED_BATCHES, INJECTED_TOKEN_ERRORS
    }

    private final AtomicLongArray counters = new AtomicLongArray(Counter.values().length);

    /**
     * The counters at one moment, as served by {@code GET /simulator/stats}.
     *
     * @param krrCalls            every KRR call, whatever it was answered
     * @param krrIdsRequested     ids in KRR calls that got past the faults, the token check and the body check
     * @param largestBatch        most ids in one such call
     * @param tokenRequests       every token call
     * @param tokensIssued        tokens issued
     * @param tokenErrors         token calls answered with an error, injected ones included
     * @param injectedErrors      KRR calls answered with an injected status other than 429 (rates, next-N faults)
     * @param injected429         KRR calls answered with an injected 429 (rates, next-N faults)
     * @param outageAnswers       KRR calls answered by an outage window
     * @param hangs               KRR calls held for {@code hangFor}
     * @param rejectedBatches     KRR batches answered 400 for holding a {@code rejectIds} id
     * @param injectedTokenErrors token calls answered with an injected status
     */
    public record Snapshot(long krrCalls, long krrIdsRequested, long largestBatch,
                           long tokenRequests, long tokensIssued, long tokenErrors,
                           long injectedErrors, long injected429, long outageAnswers, long hangs,
                           long rejectedBatches, long injectedTokenErrors) {
    }

    void krrCall() {
        count(Counter.KRR_CALLS);
    }

    void krrBatch(int size) {
        counters.addAndGet(Counter.KRR_IDS_REQUESTED.ordinal(), size);
        counters.accumulateAndGet(Counter.LARGEST_BATCH.ordinal(), size, Math::max);
    }

    void tokenRequest() {
        count(Counter.TOKEN_REQUESTS);
    }

    void tokenIssued() {
        count(Counter.TOKENS_ISSUED);
    }

    void tokenError() {
        count(Counter.TOKEN_ERRORS);
    }

    void injectedError() {
        count(Counter.INJECTED_ERRORS);
    }

    void injected429() {
        count(Counter.INJECTED_429);
    }

    void outageAnswer() {
        count(Counter.OUTAGE_ANSWERS);
    }

    void hang() {
        count(Counter.HANGS);
    }

    void rejectedBatch() {
        count(Counter.REJECTED_BATCHES);
    }

    void injectedTokenError() {
        count(Counter.INJECTED_TOKEN_ERRORS);
    }

    private void count(Counter counter) {
        counters.incrementAndGet(counter.ordinal());
    }

    public Snapshot snapshot() {
        return new Snapshot(get(Counter.KRR_CALLS), get(Counter.KRR_IDS_REQUESTED), get(Counter.LARGEST_BATCH),
                get(Counter.TOKEN_REQUESTS), get(Counter.TOKENS_ISSUED), get(Counter.TOKEN_ERRORS),
                get(Counter.INJECTED_ERRORS), get(Counter.INJECTED_429), get(Counter.OUTAGE_ANSWERS),
                get(Counter.HANGS), get(Counter.REJECTED_BATCHES), get(Counter.INJECTED_TOKEN_ERRORS));
    }

    private long get(Counter counter) {
        return counters.get(counter.ordinal());
    }

    public void reset() {
        for (int i = 0; i < counters.length(); i++) {
            counters.set(i, 0);
        }
    }
}
