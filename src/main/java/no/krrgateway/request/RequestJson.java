// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.request;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/** Every channel's request JSON (an object or a bare array), streamed an id at a time: millions are never held. */
public final class RequestJson {

    public static final String IDS = "personidentifikatorer";
    private static final Set<String> FIELDS = Set.of("requestId", "consumerOrg", "personidentifikator");

    /** A field as read: its token, and its text when it is a scalar other than null. */
    public record Field(JsonToken token, String text) {
        public boolean isString() {
            return token == JsonToken.VALUE_STRING;
        }

        public boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }
    }

    private final JsonParser json;
    private final Map<String, Field> fields = new HashMap<>();
    private JsonToken root;
    private JsonToken ids;
    private boolean inIds;
    private long idLine;

    public RequestJson(JsonParser json) {
        this.json = json;
    }

    /** Reads the root value's start (returned; null for none) and, in an object, its fields up to the ids. */
    public JsonToken start() throws IOException {
        root = json.nextToken();
        inIds = root == JsonToken.START_ARRAY;
        if (root == JsonToken.START_OBJECT) {
            fields();
        }
        return root;
    }

    /** A scalar's text, {@code ""} for null, an object or an array; null after the last. */
    public String nextId() throws IOException {
        if (!inIds) {
            return null;
        }
        JsonToken element = json.nextToken(); // never null here: Jackson throws JsonEOFException inside an array
        inIds = element != JsonToken.END_ARRAY;
        if (!inIds) {
            return null;
        }
        idLine = json.currentTokenLocation().getLineNr();
        String id = element.isScalarValue() && element != JsonToken.VALUE_NULL ? json.getText() : "";
        json.skipChildren();
        return id;
    }

    /** The ids read: kept up to a limit and counted past it, and the first one's problem, in order; null for none. */
    public record Ids(List<String> kept, long count, String problem) {
    }

    /** Reads the ids left and the fields after them, keeping at most {@code max}; rule: (index, id) to its problem. */
    public Ids readIds(long max, BiFunction<Long, String, String> rule) throws IOException {
        List<String> kept = new ArrayList<>();
        long count = 0;
        String problem = null;
        for (String id = nextId(); id != null; id = nextId(), count++) {
            problem = problem != null ? problem : rule.apply(count, id);
            if (count < max) {
                kept.add(id);
            }
        }
        if (root == JsonToken.START_OBJECT && json.currentToken() != JsonToken.END_OBJECT) {
            fields(); // the fields after the ids; the first personidentifikatorer counts, a later one is skipped
        }
        return new Ids(kept, count, problem);
    }

    public boolean idWasString() {
        return json.currentToken() == JsonToken.VALUE_STRING; // an object or array id ends on its END token
    }

    /** Counted from 1. */
    public long idLine() {
        return idLine;
    }

    public void finish() throws IOException {
        readIds(0, (index, id) -> null);
    }

    /** The field {@code name} (requestId, consumerOrg, personidentifikator) as read last; null when absent. */
    public Field field(String name) {
        return fields.get(name);
    }

    /** The token of {@code personidentifikatorer}'s value: START_ARRAY for ids; null when the object has none. */
    public JsonToken ids() {
        return ids;
    }

    private void fields() throws IOException {
        while (json.nextToken() == JsonToken.FIELD_NAME) { // else END_OBJECT: Jackson throws at an object cut off
            String name = json.currentName();
            JsonToken value = json.nextToken();
            if (IDS.equals(name) && ids == null) {
                ids = value;
                if (value == JsonToken.START_ARRAY) {
                    inIds = true;
                    return;
                }
            } else if (FIELDS.contains(name)) {
                boolean text = value != null && value.isScalarValue() && value != JsonToken.VALUE_NULL;
                fields.put(name, new Field(value, text ? json.getText() : null));
            }
            json.skipChildren();
        }
    }
}
