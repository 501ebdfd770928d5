// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import no.krrgateway.outcome.RequestContext;

/**
 * One id to look up, as the caller wrote it, with the request it belongs to and the customer it is looked up for
 * (Maskinporten's consumer_org; null = the gateway's configured default). Ids of different customers never share a
 * KRR call, since each customer's call carries its own token.
 */
public record LookupItem(String personId, RequestContext context, String consumerOrg) {

    public LookupItem(String personId, RequestContext context) {
        this(personId, context, null);
    }
}
