// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import java.util.List;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;

/** Ids to look up, and outcomes the channel decided itself (malformed requests), passed through to leave together. */
public record LookupWork(List<LookupItem> items, List<PersonOutcome> decided) {

    /** One id as the caller wrote it, its request, and the customer it is for (consumer_org; null = the default). */
    public record LookupItem(String personId, RequestContext context, String consumerOrg) {

        public LookupItem(String personId, RequestContext context) {
            this(personId, context, null);
        }
    }
}
