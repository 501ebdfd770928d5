// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import java.time.Instant;
import java.util.List;

/** One request's outcomes, counted as delivered: its completion record, file summary and audit event. */
public record RequestTally(RequestContext context, String consumerOrg, Instant startedAt, OutcomeCounts counts) {

    public RequestTally(RequestContext context, String consumerOrg, Instant startedAt, List<ErrorCode> listedCodes) {
        this(context, consumerOrg, startedAt, new OutcomeCounts(listedCodes));
    }

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
