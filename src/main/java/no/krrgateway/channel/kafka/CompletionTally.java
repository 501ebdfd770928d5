// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestTally;

/** Per request record, told apart by its source rather than its requestId, which a caller may repeat. */
public final class CompletionTally {

    private static final List<ErrorCode> CODES = List.of(ErrorCode.INVALID_ID, ErrorCode.MALFORMED_REQUEST,
            ErrorCode.KRR_REJECTED, ErrorCode.PROCESSING_FAILED);

    private final Instant startedAt;
    private final Map<OutcomeSource.Kafka, RequestTally> requests = new LinkedHashMap<>();
    /** The org each record is looked up for, as read; one entry per record at most (gateway.kafka.max-poll-records). */
    private final Map<OutcomeSource.Kafka, String> orgs = new HashMap<>();

    public CompletionTally(Instant startedAt) {
        this.startedAt = startedAt;
    }

    public void lookedUpFor(OutcomeSource.Kafka record, String consumerOrg) {
        orgs.put(record, consumerOrg);
    }

    /** Counts outcomes just published; outcomes of other channels are not Kafka requests and are left out. */
    public void add(Collection<? extends PersonOutcome> outcomes) {
        // A request's outcomes come one after the other, sharing one context: look its tally up once per run.
        Object lastContext = null;
        RequestTally last = null;
        for (PersonOutcome outcome : outcomes) {
            if (outcome.context() != lastContext) {
                lastContext = outcome.context();
                last = outcome.context().source() instanceof OutcomeSource.Kafka source
                        ? requests.computeIfAbsent(source, key ->
                                new RequestTally(outcome.context(), orgs.get(source), startedAt, CODES))
                        : null;
            }
            if (last != null) {
                last.add(outcome);
            }
        }
    }

    public List<RequestTally> completions() {
        return List.copyOf(requests.values());
    }

    /** A request's completion record: the counts of its outcomes, every reason and code listed, zeros too. */
    static ObjectNode toJson(RequestTally request, ObjectMapper mapper, Instant completedAt) {
        ObjectNode node = mapper.createObjectNode();
        node.put("requestId", request.context().requestId());
        node.put("correlationId", request.context().correlationId());
        ObjectNode source = node.putObject("source");
        OutcomeSource.Kafka kafka = (OutcomeSource.Kafka) request.context().source(); // only these are tallied (add)
        source.put("channel", "kafka");
        source.put("topic", kafka.topic());
        source.put("partition", kafka.partition());
        source.put("offset", kafka.offset());
        // ids: one outcome per id, or one MALFORMED_REQUEST error for a record that is no request
        request.counts().putTotals(node);
        // Here "errors" is the count per code (the file summary has a total beside its "errorCodes").
        request.counts().putErrorCodes(node.putObject("errors"));
        request.counts().putReasons(node.putObject("reasons"));
        node.put("startedAt", request.startedAt().toString());
        node.put("completedAt", completedAt.toString());
        return node;
    }
}
