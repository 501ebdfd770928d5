// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;

/**
 * The outcomes one Kafka batch has published, per request. A request is one request record, so it is told apart by
 * its source (topic, partition, offset) rather than its requestId, which a caller may repeat.
 */
public final class CompletionTally {

    private final Instant startedAt;
    private final Map<OutcomeSource.Kafka, RequestCompletion> requests = new LinkedHashMap<>();

    public CompletionTally(Instant startedAt) {
        this.startedAt = startedAt;
    }

    /** Counts outcomes just published; outcomes of other channels are not Kafka requests and are left out. */
    public void add(Collection<? extends PersonOutcome> outcomes) {
        // A request's outcomes come one after the other, sharing one context: look its completion up once per run.
        Object lastContext = null;
        RequestCompletion last = null;
        for (PersonOutcome outcome : outcomes) {
            if (outcome.context() != lastContext) {
                lastContext = outcome.context();
                last = outcome.context().source() instanceof OutcomeSource.Kafka source
                        ? requests.computeIfAbsent(source, key -> new RequestCompletion(outcome.context(), startedAt))
                        : null;
            }
            if (last != null) {
                last.add(outcome);
            }
        }
    }

    /** The requests of the batch, in the order their first outcome was published. */
    public Collection<RequestCompletion> completions() {
        return requests.values();
    }
}
