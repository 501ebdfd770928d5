// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import java.util.List;
import no.krrgateway.outcome.PersonOutcome;

/** Ids to look up, and outcomes the channel decided itself (malformed requests), passed through to leave together. */
public record LookupWork(List<LookupItem> items, List<PersonOutcome> decided) {
}
