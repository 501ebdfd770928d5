// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import no.krrgateway.krr.Evidence;

/** Evidence records (docs/contract.md §5): each signed KRR answer outcomes came from, once, in the order first met. */
public record EvidenceJson(ObjectMapper mapper) {

    public static List<Evidence> of(List<? extends PersonOutcome> outcomes) {
        return List.copyOf(outcomes.stream()
                .map(outcome -> outcome instanceof PersonOutcome.Result result ? result.evidence() : null)
                .filter(Objects::nonNull)
                .collect(Collectors.toMap(Evidence::id, evidence -> evidence, (first, again) -> first,
                        LinkedHashMap::new))
                .values());
    }

    public byte[] toBytes(Evidence evidence) {
        try {
            return mapper.writeValueAsBytes(mapper.createObjectNode().put("evidenceId", evidence.id())
                    .put("receivedAt", evidence.receivedAt().toString()).put("jws", evidence.jws()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write an evidence record", e);
        }
    }
}
