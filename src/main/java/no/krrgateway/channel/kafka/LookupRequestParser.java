// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import no.krrgateway.limits.InputLimits;
import no.krrgateway.request.RequestJson;

/**
 * Reads a request record (docs/contract.md §2), streaming, so what it holds is bounded by the {@link InputLimits},
 * not by the record. Never throws; ids are validated by the lookup.
 */
public record LookupRequestParser(ObjectMapper mapper, InputLimits limits) {

    private static final int MAX_BARE_ID_LENGTH = 20;

    /** A malformed request keeps its id when read within its limit, so that its error can be matched to it. */
    public record Parsed(String requestId, List<String> personIds, String malformedReason, String consumerOrg) {

        static Parsed malformed(String reason) {
            return malformed(null, reason);
        }

        static Parsed malformed(String requestId, String reason) {
            return new Parsed(requestId, List.of(), reason, null);
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
                    ? single(null, trimmed, null)
                    : Parsed.malformed("not JSON and not a bare person id");
        }
        try (JsonParser json = mapper.getFactory().createParser(trimmed)) {
            RequestJson request = new RequestJson(json);
            JsonToken root = request.start();
            if (root == JsonToken.VALUE_STRING) {
                return single(null, json.getText(), null);
            }
            if (root != JsonToken.START_OBJECT) {
                return Parsed.malformed("JSON that is not an object");
            }
            return object(request);
        } catch (JsonEOFException e) {
            return Parsed.malformed("JSON cut off before its end");
        } catch (StreamConstraintsException e) {
            return Parsed.malformed("JSON beyond the parser's limits (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            return Parsed.malformed("not JSON and not a bare person id");
        }
    }

    private Parsed object(RequestJson request) throws IOException {
        // ids past the limit are counted, not kept
        RequestJson.Ids many = request.readIds(limits.maxIdsPerRequest(),
                (index, id) -> limits.idLengthProblem(id).orElse(null));
        RequestJson.Field requestIdField = request.field("requestId");
        if (requestIdField != null && requestIdField.text() == null && !requestIdField.isNull()) {
            return Parsed.malformed("requestId is not a string");
        }
        String requestId = requestIdField == null ? null : requestIdField.text();
        Optional<String> requestIdProblem = limits.requestIdProblem(requestId);
        if (requestIdProblem.isPresent()) {
            return Parsed.malformed(requestIdProblem.get());
        }
        RequestJson.Field org = request.field("consumerOrg");
        if (org != null && !org.isString() && !org.isNull()) {
            return Parsed.malformed(requestId, "consumerOrg is not a string");
        }
        String consumerOrg = org != null && org.isString() && !org.text().isBlank() ? org.text() : null;
        RequestJson.Field one = request.field("personidentifikator");
        if (one != null && request.ids() != null) {
            return Parsed.malformed(requestId, "both personidentifikator and personidentifikatorer are set");
        }
        if (one != null) {
            return one.text() != null ? single(requestId, one.text(), consumerOrg)
                    : Parsed.malformed(requestId, "personidentifikator is not a string");
        }
        if (request.ids() == null) {
            return Parsed.malformed(requestId, "neither personidentifikator nor personidentifikatorer is set");
        }
        if (request.ids() != JsonToken.START_ARRAY || many.count() == 0) {
            return Parsed.malformed(requestId, "personidentifikatorer is not a non-empty array");
        }
        String problem = limits.idCountProblem(many.count()).orElse(many.problem());
        return problem != null ? Parsed.malformed(requestId, problem)
                : new Parsed(requestId, many.kept(), null, consumerOrg);
    }

    private Parsed single(String requestId, String id, String consumerOrg) {
        return limits.idLengthProblem(id).map(problem -> Parsed.malformed(requestId, problem))
                .orElseGet(() -> new Parsed(requestId, List.of(id), null, consumerOrg));
    }
}
