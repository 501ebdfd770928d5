// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import no.krrgateway.outcome.RequestContext;

/** One id to look up, as the caller wrote it, with the request it belongs to. */
public record LookupItem(String personId, RequestContext context) {
}
