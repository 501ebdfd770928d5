// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

public record RequestContext(String requestId, String correlationId, OutcomeSource source) {
}
