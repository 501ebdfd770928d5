// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import no.krrgateway.krr.Evidence;

/** Outcomes (contract.md §3) and evidence (§5) as JSON; outcomes streamed: a tree each was most of the CPU per id. */
public final class OutcomeJson {

    private static final SerializedString LINE_SEPARATOR = new SerializedString("\n");

    private final ObjectMapper mapper;
    private final JsonFactory factory;

    public OutcomeJson(ObjectMapper mapper) {
        this.mapper = mapper;
        this.factory = mapper.getFactory();
    }

    /** One generator writes them all: one per outcome was a tenth of the writer's time. */
    public List<byte[]> toBytes(List<? extends PersonOutcome> outcomes) {
        List<byte[]> all = new ArrayList<>(outcomes.size());
        Flushed bytes = new Flushed();
        try (JsonGenerator json = factory.createGenerator(bytes)) {
            json.setRootValueSeparator(null);
            for (PersonOutcome outcome : outcomes) {
                OutcomeFields.write(outcome, json);
                json.flush();
                all.add(bytes.take());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an outcome as JSON", e);
        }
        return all;
    }

    /** An outcome that fits the generator's 8000-byte buffer is copied once; ByteArrayBuilder copied twice. */
    private static final class Flushed extends OutputStream {

        private static final byte[] NONE = new byte[0];

        private byte[] bytes = NONE;

        @Override
        public void write(byte[] b, int offset, int length) {
            int had = bytes.length;
            bytes = Arrays.copyOf(bytes, had + length);
            System.arraycopy(b, offset, bytes, had, length);
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        byte[] take() {
            byte[] taken = bytes;
            bytes = NONE;
            return taken;
        }
    }

    public String write(PersonOutcome outcome) {
        return new String(toBytes(List.of(outcome)).get(0), StandardCharsets.UTF_8);
    }

    /** JSON Lines of one or more outcomes (a file's chunk); {@code out} is left open. */
    public void writeLines(List<? extends PersonOutcome> outcomes, OutputStream out) throws IOException {
        try (JsonGenerator json = factory.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            json.setRootValueSeparator(LINE_SEPARATOR);
            for (PersonOutcome outcome : outcomes) {
                OutcomeFields.write(outcome, json);
            }
            json.writeRaw('\n');
        }
    }

    /** Evidence records (contract.md §5): each signed KRR answer outcomes came from, once, in the order first met. */
    public static List<Evidence> evidence(List<? extends PersonOutcome> outcomes) {
        return List.copyOf(outcomes.stream()
                .map(outcome -> outcome instanceof PersonOutcome.Result result ? result.evidence() : null)
                .filter(Objects::nonNull)
                .collect(Collectors.toMap(Evidence::id, evidence -> evidence, (first, again) -> first,
                        LinkedHashMap::new))
                .values());
    }

    /** A tree's toString is compact JSON whatever the mapper's settings: one line of a JSON Lines file. */
    public byte[] toBytes(Evidence evidence) {
        return mapper.createObjectNode().put("evidenceId", evidence.id()).put("receivedAt", evidence.receivedAt()
                .toString()).put("jws", evidence.jws()).toString().getBytes(StandardCharsets.UTF_8);
    }
}
