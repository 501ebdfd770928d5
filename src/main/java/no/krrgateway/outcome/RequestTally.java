// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import java.time.Instant;
import java.util.List;

/**
 * One request's outcomes, counted as its channel delivers them: the Kafka completion record, the file summary and
 * the audit event are all written from it at the channel's commit point.
 *
 * @param context     the request's (for a file, its first line's)
 * @param consumerOrg the org it was looked up for; null for the configured default
 */
public record RequestTally(RequestContext context, String consumerOrg, Instant startedAt, OutcomeCounts counts) {

    /** @param listedCodes the error codes the channel's outcomes can carry (its report lists them, zeros too) */
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
