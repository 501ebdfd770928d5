// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import no.krrgateway.limits.InputLimits;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.request.RequestJson;
import no.krrgateway.tenant.Tenants;

/**
 * Reads a request record (docs/contract.md §2) streaming, so the {@link InputLimits} bound what it holds, not the
 * record. Never throws; the lookup validates ids. The org: the record's {@code consumerOrg}, else its topic's tenant.
 */
public record RequestRecords(InputLimits limits, Tenants tenants) {

    private static final int MAX_BARE_ID_LENGTH = 20;

    /** {@code orgRefused}: its consumerOrg's request-topics do not hold its topic; each id is CONSUMER_ORG_REFUSED. */
    public record Request(RequestContext context, List<String> ids, PersonOutcome error, String consumerOrg,
                           boolean orgRefused) {

        /** One error per id, as for any id that cannot be looked up; the org is not echoed. */
        PersonOutcome refusal(String personId) {
            return new PersonOutcome.Error(context, personId, ErrorCode.CONSUMER_ORG_REFUSED, "the request's "
                    + "consumerOrg may not be named on this topic (gateway.tenants.<org>.request-topics)", null);
        }
    }

    /** A malformed request keeps its id when read within its limit, so that its error can be matched to it. */
    public record Parsed(String requestId, List<String> personIds, String malformedReason, String consumerOrg) {

        static Parsed malformed(String requestId, String reason) {
            return new Parsed(requestId, List.of(), reason, null);
        }

        public boolean isMalformed() {
            return malformedReason != null;
        }
    }

    public Request read(OwnedRecords.Record owned) {
        OutcomeSource.Kafka source = owned.source();
        String value = owned.message().getBody(String.class);
        Parsed parsed = parse(value);
        String requestId = Objects.requireNonNullElseGet(parsed.requestId(), owned::key);
        String correlationId = owned.message().getHeader(KafkaDelivery.CORRELATION_HEADER, String.class);
        Optional<String> headerProblem = limits.correlationIdProblem(correlationId);
        if (headerProblem.isPresent() || parsed.isMalformed()) {
            // Over a limit, the value over it is not copied into the error: only the payload's first part is echoed.
            RequestContext context = new RequestContext(requestId, headerProblem.isPresent() ? null : correlationId,
                    source);
            String reason = parsed.isMalformed() ? parsed.malformedReason() : headerProblem.get();
            return new Request(context, List.of(), new PersonOutcome.Error(context, null,
                    ErrorCode.MALFORMED_REQUEST, reason, limits.payloadEcho(value), value == null ? 0 : value.length()),
                    null, false);
        }
        RequestContext context = new RequestContext(requestId, correlationId, source);
        boolean refused = !tenants.allowsTopic(source.topic(), parsed.consumerOrg());
        return new Request(context, parsed.personIds(), null,
                refused ? null : tenants.recordOrg(source.topic(), parsed.consumerOrg()), refused);
    }

    public Parsed parse(String value) {
        if (value == null || value.isBlank()) {
            return Parsed.malformed(null, "empty record");
        }
        String trimmed = value.strip();
        char first = trimmed.charAt(0);
        if (first != '{' && first != '[' && first != '"') {
            // Plain text: one short token is a bare id (validation then judges it); anything longer is not a request.
            return trimmed.length() <= MAX_BARE_ID_LENGTH && trimmed.chars().noneMatch(Character::isWhitespace)
                    ? single(null, trimmed, null) : Parsed.malformed(null, "not JSON and not a bare person id");
        }
        try (JsonParser json = limits.json().createParser(trimmed)) {
            RequestJson request = new RequestJson(json);
            JsonToken root = request.start();
            if (root == JsonToken.VALUE_STRING) {
                return single(null, json.getText(), null);
            }
            return root == JsonToken.START_OBJECT ? object(request)
                    : Parsed.malformed(null, "JSON that is not an object");
        } catch (JsonEOFException e) {
            return Parsed.malformed(null, "JSON cut off before its end");
        } catch (StreamConstraintsException e) {
            return Parsed.malformed(null, "JSON beyond the parser's limits: " + limits.jsonProblem(e));
        } catch (IOException e) {
            return Parsed.malformed(null, "not JSON and not a bare person id");
        }
    }

    private Parsed object(RequestJson request) throws IOException {
        // ids past the limit are counted, not kept
        RequestJson.Ids many = request.readIds(limits.maxIdsPerRequest(),
                (index, id) -> limits.idLengthProblem(id).orElse(null));
        RequestJson.Field requestIdField = request.field("requestId");
        if (requestIdField != null && requestIdField.text() == null && !requestIdField.isNull()) {
            return Parsed.malformed(null, "requestId is not a string");
        }
        String requestId = requestIdField == null ? null : requestIdField.text();
        Optional<String> requestIdProblem = limits.requestIdProblem(requestId);
        if (requestIdProblem.isPresent()) {
            return Parsed.malformed(null, requestIdProblem.get());
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
