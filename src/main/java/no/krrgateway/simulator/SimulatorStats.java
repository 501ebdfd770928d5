// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Counts what the simulator was asked and what faults it injected, so tests can check batching, token caching and
 * retries from outside the client.
 */
@Profile("simulator")
@Component
public class SimulatorStats {

    private final AtomicLong krrCalls = new AtomicLong();
    private final AtomicLong krrIdsRequested = new AtomicLong();
    private final AtomicLong largestBatch = new AtomicLong();
    private final AtomicLong tokenRequests = new AtomicLong();
    private final AtomicLong tokensIssued = new AtomicLong();
    private final AtomicLong tokenErrors = new AtomicLong();
    private final AtomicLong injectedErrors = new AtomicLong();
    private final AtomicLong injected429 = new AtomicLong();
    private final AtomicLong outageAnswers = new AtomicLong();
    private final AtomicLong hangs = new AtomicLong();
    private final AtomicLong rejectedBatches = new AtomicLong();
    private final AtomicLong injectedTokenErrors = new AtomicLong();

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
        krrCalls.incrementAndGet();
    }

    void krrBatch(int size) {
        krrIdsRequested.addAndGet(size);
        largestBatch.accumulateAndGet(size, Math::max);
    }

    void tokenRequest() {
        tokenRequests.incrementAndGet();
    }

    void tokenIssued() {
        tokensIssued.incrementAndGet();
    }

    void tokenError() {
        tokenErrors.incrementAndGet();
    }

    void injectedError() {
        injectedErrors.incrementAndGet();
    }

    void injected429() {
        injected429.incrementAndGet();
    }

    void outageAnswer() {
        outageAnswers.incrementAndGet();
    }

    void hang() {
        hangs.incrementAndGet();
    }

    void rejectedBatch() {
        rejectedBatches.incrementAndGet();
    }

    void injectedTokenError() {
        injectedTokenErrors.incrementAndGet();
    }

    public Snapshot snapshot() {
        return new Snapshot(krrCalls.get(), krrIdsRequested.get(), largestBatch.get(),
                tokenRequests.get(), tokensIssued.get(), tokenErrors.get(), injectedErrors.get(), injected429.get(),
                outageAnswers.get(), hangs.get(), rejectedBatches.get(), injectedTokenErrors.get());
    }

    public long krrCalls() {
        return krrCalls.get();
    }

    public long krrIdsRequested() {
        return krrIdsRequested.get();
    }

    public long largestBatch() {
        return largestBatch.get();
    }

    public long tokenRequests() {
        return tokenRequests.get();
    }

    public long tokensIssued() {
        return tokensIssued.get();
    }

    public long tokenErrors() {
        return tokenErrors.get();
    }

    public void reset() {
        for (AtomicLong counter : new AtomicLong[] {krrCalls, krrIdsRequested, largestBatch, tokenRequests,
                tokensIssued, tokenErrors, injectedErrors, injected429, outageAnswers, hangs, rejectedBatches,
                injectedTokenErrors}) {
            counter.set(0);
        }
    }
}
