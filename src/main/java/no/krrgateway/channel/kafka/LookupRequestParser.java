// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a request record (docs/contract.md §2): {@code {"requestId", "personidentifikatorer": [...]}},
 * {@code {"requestId", "personidentifikator": "..."}}, or a bare id as plain text (or a JSON string). Unknown fields are ignored;
 * anything else is malformed. Ids are not validated here: an invalid id is the lookup's INVALID_ID outcome.
 */
public final class LookupRequestParser {

    private static final int MAX_BARE_ID_LENGTH = 20;

    private final ObjectMapper mapper;

    public LookupRequestParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A parsed request: its id (null when the record had none) and ids, or why it is not a request. */
    public record Parsed(String requestId, List<String> personIds, String malformedReason) {

        static Parsed malformed(String reason) {
            return new Parsed(null, List.of(), reason);
        }

        public boolean isMalformed() {
            return malformedReason != null;
        }
    }

    public Parsed parse(String value) {
        if (value == null || value.isBlank()) {
            return Parsed.malformed("empty record");
        }
        String trimmed = value.strip();
        char first = trimmed.charAt(0);
        if (first != '{' && first != '[' && first != '"') {
            // Plain text: one short token is a bare id (validation then judges it); anything longer is not a request.
            return trimmed.length() <= MAX_BARE_ID_LENGTH && trimmed.chars().noneMatch(Character::isWhitespace)
                    ? new Parsed(null, List.of(trimmed), null)
                    : Parsed.malformed("not JSON and not a bare person id");
        }
        JsonNode json;
        try {
            json = mapper.readTree(trimmed);
        } catch (IOException e) {
            return Parsed.malformed("not JSON and not a bare person id");
        }
        if (json != null && json.isTextual()) {
            return new Parsed(null, List.of(json.asText()), null);
        }
        if (json == null || !json.isObject()) {
            return Parsed.malformed("JSON that is not an object");
        }
        JsonNode requestId = json.get("requestId");
        if (requestId != null && !requestId.isNull() && !requestId.isValueNode()) {
            return Parsed.malformed("requestId is not a string");
        }
        String id = requestId == null || requestId.isNull() ? null : requestId.asText();
        JsonNode many = json.get("personidentifikatorer");
        JsonNode one = json.get("personidentifikator");
        if (many != null && one != null) {
            return Parsed.malformed("both personidentifikator and personidentifikatorer are set");
        }
        if (one != null) {
            return one.isValueNode() && !one.isNull()
                    ? new Parsed(id, List.of(one.asText()), null)
                    : Parsed.malformed("personidentifikator is not a string");
        }
        if (many == null) {
            return Parsed.malformed("neither personidentifikator nor personidentifikatorer is set");
        }
        if (!many.isArray() || many.isEmpty()) {
            return Parsed.malformed("personidentifikatorer is not a non-empty array");
        }
        List<String> ids = new ArrayList<>(many.size());
        for (JsonNode element : many) {
            // A non-string element becomes its text (or "") and then fails validation as INVALID_ID on its own.
            ids.add(element.isValueNode() && !element.isNull() ? element.asText() : "");
        }
        return new Parsed(id, ids, null);
    }
}
