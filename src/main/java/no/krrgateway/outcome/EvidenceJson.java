// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import no.krrgateway.krr.Evidence;

/**
 * The evidence records of outcomes (docs/contract.md §5, docs/evidence.md): each signed KRR answer they came from,
 * once, as {@code {"evidenceId", "receivedAt", "jws"}}, on the evidence topic and in {@code NAME.evidence.jsonl}.
 */
public final class EvidenceJson {

    private final JsonFactory factory;

    public EvidenceJson(ObjectMapper mapper) {
        this.factory = mapper.getFactory();
    }

    /** Each once, in the order first met. */
    public static List<Evidence> of(List<? extends PersonOutcome> outcomes) {
        return List.copyOf(outcomes.stream()
                .map(outcome -> outcome instanceof PersonOutcome.Result result ? result.evidence() : null)
                .filter(Objects::nonNull)
                .collect(Collectors.toMap(Evidence::id, evidence -> evidence, (first, again) -> first,
                        LinkedHashMap::new))
                .values());
    }

    public byte[] toBytes(Evidence evidence) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(evidence.jws().length() + 200);
        try (JsonGenerator json = factory.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("evidenceId", evidence.id());
            json.writeStringField("receivedAt", evidence.receivedAt().toString());
            json.writeStringField("jws", evidence.jws());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an evidence record", e);
        }
        return out.toByteArray();
    }
}
