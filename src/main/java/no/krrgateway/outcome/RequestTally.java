// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import java.time.Instant;
import java.util.List;

/**
 * One request's outcomes, counted as its channel delivers them: the Kafka completion record, the file summary and
 * the audit event are all written from it at the channel's commit point.
 */
public record RequestTally(RequestContext context, String consumerOrg, Instant startedAt, OutcomeCounts counts) {

    public RequestTally(RequestContext context, String consumerOrg, Instant startedAt, List<ErrorCode> listedCodes) {
        this(context, consumerOrg, startedAt, new OutcomeCounts(listedCodes));
    }

    /** The tally of outcomes a channel holds whole (an API request's). */
    public static RequestTally of(RequestContext context, String consumerOrg, List<PersonOutcome> outcomes) {
        RequestTally tally = new RequestTally(context, consumerOrg, null, List.of());
        outcomes.forEach(tally::add);
        return tally;
    }

    public void add(PersonOutcome outcome) {
        counts.add(outcome);
    }

    public OutcomeCounts.Totals totals() {
        return counts.totals();
    }
}
