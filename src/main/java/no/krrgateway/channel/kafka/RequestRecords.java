// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import no.krrgateway.limits.InputLimits;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.tenant.Tenants;
import org.apache.camel.Message;

/** The org is the {@code consumerOrg} a record names, else its topic's tenant. */
public record RequestRecords(LookupRequestParser parser, InputLimits limits, Tenants tenants) {

    /** {@code orgRefused}: its consumerOrg's request-topics do not hold its topic; each id is CONSUMER_ORG_REFUSED. */
    public record Request(RequestContext context, List<String> ids, PersonOutcome error, String consumerOrg,
                           boolean orgRefused) {

        /** One error per id, as for any id that cannot be looked up; the org is not echoed. */
        PersonOutcome refusal(String personId) {
            return new PersonOutcome.Error(context, personId, ErrorCode.CONSUMER_ORG_REFUSED, "the request's "
                    + "consumerOrg may not be named on this topic (gateway.tenants.<org>.request-topics)", null);
        }
    }

    public Request read(OwnedRecords.Record owned) {
        Message record = owned.message();
        OutcomeSource.Kafka source = owned.source();
        String value = record.getBody(String.class);
        LookupRequestParser.Parsed parsed = parser.parse(value);
        String requestId = parsed.requestId() != null
                ? parsed.requestId()
                : source.topic() + "-" + source.partition() + "-" + source.offset();
        String correlationId = correlationId(record);
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

    private static String correlationId(Message record) {
        Object header = record.getHeader(KafkaDelivery.CORRELATION_HEADER);
        if (header instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return header == null ? null : header.toString();
    }
}
