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
import java.util.List;

/** Outcomes as docs/contract.md §3's JSON, streamed to bytes: a tree per outcome was most of the CPU per id. */
public final class OutcomeJson {

    private static final SerializedString LINE_SEPARATOR = new SerializedString("\n");

    private final JsonFactory factory;

    public OutcomeJson(ObjectMapper mapper) {
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

    /** JSON Lines; {@code out} is left open. */
    public void writeLines(List<? extends PersonOutcome> outcomes, OutputStream out) throws IOException {
        if (outcomes.isEmpty()) {
            return;
        }
        try (JsonGenerator json = factory.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            json.setRootValueSeparator(LINE_SEPARATOR);
            for (PersonOutcome outcome : outcomes) {
                OutcomeFields.write(outcome, json);
            }
            json.writeRaw('\n');
        }
    }
}
