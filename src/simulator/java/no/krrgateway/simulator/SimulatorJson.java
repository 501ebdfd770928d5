// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes the simulator's answers (maps of strings, lists and maps) with Jackson's streaming generator. Databind's
 * MapSerializer looks up a serializer for every key and value, and with a thousand persons per call it was 40 % of
 * the simulator's CPU, which benchmarks take from the gateway on the machine they share (BENCHMARKS.md, scenario b).
 * Anything else is left to the mapper.
 */
final class SimulatorJson {

    private SimulatorJson() {
    }

    static byte[] toBytes(ObjectMapper mapper, Object value) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(16 * 1024);
             JsonGenerator json = mapper.getFactory().createGenerator(bytes)) {
            write(json, value);
            json.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("the simulator's answer could not be written as JSON", e);
        }
    }

    private static void write(JsonGenerator json, Object value) throws IOException {
        if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                write(json, entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            json.writeStartArray();
            for (Object element : list) {
                write(json, element);
            }
            json.writeEndArray();
        } else {
            json.writeObject(value);
        }
    }
}
