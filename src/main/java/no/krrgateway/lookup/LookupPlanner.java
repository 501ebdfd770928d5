// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import java.util.List;
import no.krrgateway.id.PersonIdValidator;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.verdict.Section32Rule;

/** Route lookup-batch's domain steps: plan a lookup's KRR calls, and judge KRR's answers into outcomes. */
public record LookupPlanner(PersonIdValidator validator, int batchSize, Section32Rule rule) {

    public LookupPlan plan(LookupWork work) {
        return LookupPlan.of(work, validator, batchSize);
    }

    public List<PersonOutcome> verdicts(LookupPlan plan, List<BatchAnswer> answers) {
        return plan.outcomes(answers, rule);
    }
}
