// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import no.krrgateway.limits.InputLimits;

/**
 * Reads a request record (docs/contract.md §2): {@code {"requestId", "personidentifikatorer": [...]}},
 * {@code {"requestId", "personidentifikator": "..."}} (both with an optional {@code "consumerOrg"}), or a bare id
 * as plain text (or a JSON string). Unknown fields are ignored;
 * anything else is malformed. Ids are not validated here: an invalid id is the lookup's INVALID_ID outcome.
 * <p>
 * It reads with Jackson's streaming parser rather than a tree, so that what a record makes it hold is bounded by the
 * {@link InputLimits}, not by the record: ids past the limit are counted, not kept; ignored fields are skipped;
 * nesting is capped by Jackson's {@code StreamReadConstraints}. It never throws: whatever the record, the answer is
 * ids or a malformed reason.
 */
public final class LookupRequestParser {

    private static final int MAX_BARE_ID_LENGTH = 20;

    private final ObjectMapper mapper;
    private final InputLimits limits;

    public LookupRequestParser(ObjectMapper mapper) {
        this(mapper, InputLimits.DEFAULTS);
    }

    public LookupRequestParser(ObjectMapper mapper, InputLimits limits) {
        this.mapper = mapper;
        this.limits = limits;
    }

    /**
     * A parsed request: its id (null when the record had none) and ids, or why it is not a request; a malformed
     * request keeps its id when that was read and within its limit, so that its error can be matched to it. And the
     * customer it names ({@code consumerOrg}, null when none; whether it is allowed is the reader's to judge).
     */
    public record Parsed(String requestId, List<String> personIds, String malformedReason, String consumerOrg) {

        Parsed(String requestId, List<String> personIds, String malformedReason) {
            this(requestId, personIds, malformedReason, null);
        }

        static Parsed malformed(String reason) {
            return new Parsed(null, List.of(), reason);
        }

        static Parsed malformed(String requestId, String reason) {
            return new Parsed(requestId, List.of(), reason);
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
                    ? single(null, trimmed)
                    : Parsed.malformed("not JSON and not a bare person id");
        }
        try (JsonParser json = mapper.getFactory().createParser(trimmed)) {
            JsonToken root = json.nextToken();
            if (root == JsonToken.VALUE_STRING) {
                return single(null, json.getText());
            }
            if (root != JsonToken.START_OBJECT) {
                return Parsed.malformed("JSON that is not an object");
            }
            return object(json);
        } catch (JsonEOFException e) {
            return Parsed.malformed("JSON cut off before its end");
        } catch (StreamConstraintsException e) {
            return Parsed.malformed("JSON beyond the parser's limits (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            return Parsed.malformed("not JSON and not a bare person id");
        }
    }

    private Parsed object(JsonParser json) throws IOException {
        String requestId = null;
        boolean requestIdNotText = false;
        boolean oneSet = false;
        String one = null;
        Ids many = null;
        boolean manySet = false;
        String consumerOrg = null;
        boolean consumerOrgNotText = false;
        JsonToken token;
        while ((token = json.nextToken()) == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken field = json.nextToken();
            boolean text = field != null && field.isScalarValue() && field != JsonToken.VALUE_NULL;
            switch (name) {
                case "requestId" -> {
                    requestIdNotText = !text && field != JsonToken.VALUE_NULL;
                    requestId = text ? json.getText() : null;
                }
                case "personidentifikator" -> {
                    oneSet = true;
                    one = text ? json.getText() : null;
                }
                case "consumerOrg" -> {
                    consumerOrgNotText = field != JsonToken.VALUE_STRING && field != JsonToken.VALUE_NULL;
                    consumerOrg = field == JsonToken.VALUE_STRING && !json.getText().isBlank() ? json.getText() : null;
                }
                case "personidentifikatorer" -> {
                    manySet = true;
                    many = field == JsonToken.START_ARRAY ? ids(json) : null;
                }
                default -> {
                }
            }
            json.skipChildren();
        }
        if (token != JsonToken.END_OBJECT) {
            throw new JsonEOFException(json, token, "object not closed");
        }
        if (requestIdNotText) {
            return Parsed.malformed("requestId is not a string");
        }
        Optional<String> requestIdProblem = limits.requestIdProblem(requestId);
        if (requestIdProblem.isPresent()) {
            return Parsed.malformed(requestIdProblem.get());
        }
        if (consumerOrgNotText) {
            return Parsed.malformed(requestId, "consumerOrg is not a string");
        }
        if (oneSet && manySet) {
            return Parsed.malformed(requestId, "both personidentifikator and personidentifikatorer are set");
        }
        if (oneSet) {
            return one != null ? withOrg(single(requestId, one), consumerOrg)
                    : Parsed.malformed(requestId, "personidentifikator is not a string");
        }
        if (!manySet) {
            return Parsed.malformed(requestId, "neither personidentifikator nor personidentifikatorer is set");
        }
        if (many == null || many.count() == 0) {
            return Parsed.malformed(requestId, "personidentifikatorer is not a non-empty array");
        }
        String problem = limits.idCountProblem(many.count()).orElse(many.problem());
        return problem != null ? Parsed.malformed(requestId, problem)
                : new Parsed(requestId, many.ids(), null, consumerOrg);
    }

    /** The array's ids as far as the limits allow keeping them, their count, and the first limit an id broke. */
    private record Ids(List<String> ids, long count, String problem) {
    }

    private Ids ids(JsonParser json) throws IOException {
        List<String> ids = new ArrayList<>();
        long count = 0;
        String problem = null;
        JsonToken element;
        while ((element = json.nextToken()) != JsonToken.END_ARRAY) {
            if (element == null) {
                throw new JsonEOFException(json, null, "array not closed");
            }
            count++;
            if (problem != null || count > limits.maxIdsPerRequest()) {
                json.skipChildren();
                continue;
            }
            // A non-string element becomes its text (or "") and then fails validation as INVALID_ID on its own.
            boolean text = element.isScalarValue() && element != JsonToken.VALUE_NULL;
            String id = text ? json.getText() : "";
            json.skipChildren();
            problem = limits.idLengthProblem(id).orElse(null);
            ids.add(id);
        }
        return new Ids(problem == null && count <= limits.maxIdsPerRequest() ? ids : List.of(), count, problem);
    }

    private Parsed single(String requestId, String id) {
        return limits.idLengthProblem(id).map(problem -> Parsed.malformed(requestId, problem))
                .orElseGet(() -> new Parsed(requestId, List.of(id), null));
    }

    private static Parsed withOrg(Parsed parsed, String consumerOrg) {
        return parsed.isMalformed() ? parsed
                : new Parsed(parsed.requestId(), parsed.personIds(), null, consumerOrg);
    }
}
