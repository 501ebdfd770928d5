// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Counts what the simulator was asked, so tests can check batching and token caching from outside the client. */
@Profile("simulator")
@Component
public class SimulatorStats {

    private final AtomicLong krrCalls = new AtomicLong();
    private final AtomicLong krrIdsRequested = new AtomicLong();
    private final AtomicLong largestBatch = new AtomicLong();
    private final AtomicLong tokenRequests = new AtomicLong();
    private final AtomicLong tokensIssued = new AtomicLong();
    private final AtomicLong tokenErrors = new AtomicLong();

    /** The counters at one moment, as served by {@code GET /simulator/stats}. */
    public record Snapshot(long krrCalls, long krrIdsRequested, long largestBatch,
                           long tokenRequests, long tokensIssued, long tokenErrors) {
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

    public Snapshot snapshot() {
        return new Snapshot(krrCalls.get(), krrIdsRequested.get(), largestBatch.get(),
                tokenRequests.get(), tokensIssued.get(), tokenErrors.get());
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
        for (AtomicLong counter : new AtomicLong[] {krrCalls, krrIdsRequested, largestBatch,
                tokenRequests, tokensIssued, tokenErrors}) {
            counter.set(0);
        }
    }
}
