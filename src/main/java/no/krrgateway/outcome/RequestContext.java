// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

/** What every outcome of one request carries back: the request id, the caller's correlation id, the source. */
public record RequestContext(String requestId, String correlationId, OutcomeSource source) {
}
