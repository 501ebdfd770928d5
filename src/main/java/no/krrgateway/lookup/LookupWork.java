// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import java.util.List;
import no.krrgateway.outcome.PersonOutcome;

/**
 * What a channel hands the lookup engine: the ids to look up, and the outcomes it already decided itself
 * (malformed requests), which pass through so that every outcome leaves together.
 */
public record LookupWork(List<LookupItem> items, List<PersonOutcome> decided) {
}
