// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr.model;

import java.util.List;

/** The body of {@code POST /rest/v2/personer}: up to 1000 ids, asking KRR to include persons it does not know. */
public record PersonsRequest(List<String> personidentifikatorer, boolean inkluderIkkeRegistrerte) {
}
