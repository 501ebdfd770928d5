// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeCounts;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;

/**
 * The completion record of one Kafka request (one request record): the counts of the outcomes written for it, as the
 * file channel's summary counts a file's. Every reason and every code an outcome can carry is listed, zeros too.
 */
public final class RequestCompletion {

    /** The codes a Kafka request's outcome can carry. */
    private static final List<ErrorCode> CODES = List.of(ErrorCode.INVALID_ID, ErrorCode.MALFORMED_REQUEST,
            ErrorCode.KRR_REJECTED, ErrorCode.PROCESSING_FAILED);

    private final RequestContext context;
    private final Instant startedAt;
    private final OutcomeCounts counts = new OutcomeCounts(CODES);

    public RequestCompletion(RequestContext context, Instant startedAt) {
        this.context = context;
        this.startedAt = startedAt;
    }

    public void add(PersonOutcome outcome) {
        counts.add(outcome);
    }

    public String requestId() {
        return context.requestId();
    }

    public String correlationId() {
        return context.correlationId();
    }

    public String toJson(ObjectMapper mapper, Instant completedAt) {
        ObjectNode node = mapper.createObjectNode();
        node.put("requestId", context.requestId());
        node.put("correlationId", context.correlationId());
        ObjectNode source = node.putObject("source");
        if (context.source() instanceof OutcomeSource.Kafka kafka) {
            source.put("channel", "kafka");
            source.put("topic", kafka.topic());
            source.put("partition", kafka.partition());
            source.put("offset", kafka.offset());
        }
        // ids: one outcome per id, or one MALFORMED_REQUEST error for a record that is no request
        counts.putTotals(node);
        // Here "errors" is the count per code (the file summary has a total beside its "errorCodes").
        counts.putErrorCodes(node.putObject("errors"));
        counts.putReasons(node.putObject("reasons"));
        node.put("startedAt", startedAt.toString());
        node.put("completedAt", completedAt.toString());
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a completion record as JSON", e);
        }
    }
}
