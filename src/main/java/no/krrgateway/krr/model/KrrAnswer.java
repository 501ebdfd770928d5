// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** One streaming pass, each person keeping its slice: a JSON tree per person was most of the CPU (BENCHMARKS.md). */
public final class KrrAnswer {

    private KrrAnswer() {
    }

    /** Anything unexpected but well-formed is left out, and so answered as not registered. */
    public static Map<String, KrrPerson> persons(ObjectMapper mapper, byte[] body) throws IOException {
        Map<String, KrrPerson> persons = new HashMap<>();
        try (JsonParser parser = mapper.getFactory().createParser(body)) {
            JsonToken root = parser.nextToken();
            if (root == null) {
                return persons;
            }
            if (parser.currentTokenLocation().getByteOffset() < 0) {
                // Not UTF-8 (JSON exchanged between systems must be, RFC 8259 §8.1): re-encoded once, then read.
                return persons(mapper, mapper.writeValueAsBytes(mapper.readTree(body)));
            }
            if (root != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return persons;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean list = "personer".equals(parser.currentName());
                if (parser.nextToken() != JsonToken.START_ARRAY || !list) {
                    parser.skipChildren();
                    continue;
                }
                // A repeated "personer" replaces the earlier one, as in a JSON tree.
                persons.clear();
                for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY;
                        element = parser.nextToken()) {
                    if (element == null) {
                        throw new IOException("KRR's answer ends inside its list of persons");
                    }
                    if (element != JsonToken.START_OBJECT) {
                        parser.skipChildren();
                        continue;
                    }
                    KrrPerson person = person(parser, body);
                    if (person.fields.personIdentifier != null) {
                        persons.put(person.fields.personIdentifier, person);
                    }
                }
            }
        }
        return persons;
    }

    /** Reads the person object the parser is at; {@code source} is the UTF-8 the parser reads, kept uncopied. */
    public static KrrPerson person(JsonParser parser, byte[] source) throws IOException {
        long start = parser.currentTokenLocation().getByteOffset();
        KrrPersonFields fields = KrrPersonFields.read(parser);
        long end = parser.currentTokenLocation().getByteOffset() + 1;
        if (start < 0 || end > source.length) {
            throw new IllegalArgumentException("the parser does not read these bytes as UTF-8");
        }
        return new KrrPerson(source, (int) start, (int) (end - start), fields);
    }
}
