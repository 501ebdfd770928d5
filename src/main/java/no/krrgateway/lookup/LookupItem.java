// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import no.krrgateway.outcome.RequestContext;

/** One id as the caller wrote it, its request, and the customer it is for (consumer_org; null = the default). */
public record LookupItem(String personId, RequestContext context, String consumerOrg) {

    public LookupItem(String personId, RequestContext context) {
        this(personId, context, null);
    }
}
