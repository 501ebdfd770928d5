// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.krr.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the body of KRR's {@code POST /rest/v2/personer} answer in one streaming pass, without a JSON tree: each
 * person keeps its slice of the body ({@link KrrPerson#read}).
 */
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
                    KrrPerson person = KrrPerson.read(parser, body);
                    if (person.personIdentifier() != null) {
                        persons.put(person.personIdentifier(), person);
                    }
                }
            }
        }
        return persons;
    }
}
