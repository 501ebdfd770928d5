// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.verdict.VerdictReason;

/**
 * The completion record of one Kafka request (one request record): the counts of the outcomes written for it, as the
 * file channel's summary counts a file's. Every reason and every code an outcome can carry is listed, zeros too.
 */
public final class RequestCompletion {

    private final RequestContext context;
    private final Instant startedAt;
    private final Map<VerdictReason, Long> reasons = new EnumMap<>(VerdictReason.class);
    private final Map<ErrorCode, Long> errorCodes = new EnumMap<>(ErrorCode.class);
    private long ids;
    private long results;
    private long notifiable;

    public RequestCompletion(RequestContext context, Instant startedAt) {
        this.context = context;
        this.startedAt = startedAt;
        for (VerdictReason reason : VerdictReason.values()) {
            reasons.put(reason, 0L);
        }
        for (ErrorCode code : new ErrorCode[] {ErrorCode.INVALID_ID, ErrorCode.MALFORMED_REQUEST,
                ErrorCode.KRR_REJECTED, ErrorCode.PROCESSING_FAILED}) {
            errorCodes.put(code, 0L);
        }
    }

    public void add(PersonOutcome outcome) {
        ids++;
        if (outcome instanceof PersonOutcome.Result result) {
            results++;
            if (result.verdict().notifiable()) {
                notifiable++;
            }
            result.verdict().reasons().forEach(reason -> reasons.merge(reason, 1L, Long::sum));
        } else {
            errorCodes.merge(((PersonOutcome.Error) outcome).code(), 1L, Long::sum);
        }
    }

    public String requestId() {
        return context.requestId();
    }

    public String correlationId() {
        return context.correlationId();
    }

    /** Outcomes written for the request: one per id, or one MALFORMED_REQUEST error for a record that is no request. */
    public long ids() {
        return ids;
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
        node.put("ids", ids);
        node.put("results", results);
        node.put("notifiable", notifiable);
        ObjectNode codeCounts = node.putObject("errors");
        errorCodes.forEach((code, count) -> codeCounts.put(code.name(), count));
        ObjectNode reasonCounts = node.putObject("reasons");
        reasons.forEach((reason, count) -> reasonCounts.put(reason.name(), count));
        node.put("startedAt", startedAt.toString());
        node.put("completedAt", completedAt.toString());
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a completion record as JSON", e);
        }
    }
}
