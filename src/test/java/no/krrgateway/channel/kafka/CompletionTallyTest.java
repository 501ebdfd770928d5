// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.kafka;

import static no.krrgateway.support.JsonFields.assertFields;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.verdict.Verdict;
import no.krrgateway.verdict.Verdict.VerdictReason;
import org.junit.jupiter.api.Test;

class CompletionTallyTest {

    private static final Instant STARTED = Instant.parse("2026-11-27T01:00:00Z");
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void outcomesOfSeveralPublishes_countedPerRequestRecord() throws Exception {
        RequestContext first = context("r-1", 4);
        RequestContext sameIdOtherRecord = context("r-1", 5);
        CompletionTally tally = new CompletionTally(STARTED);
        tally.add(List.of(result(first, true, List.of()), result(first, false, List.of(VerdictReason.RESERVED))));
        tally.add(List.of(error(first, ErrorCode.INVALID_ID), error(sameIdOtherRecord, ErrorCode.MALFORMED_REQUEST)));
        tally.add(List.of(new PersonOutcome.Error(new RequestContext("f", null, new OutcomeSource.File("a.csv", 1)),
                "1", ErrorCode.INVALID_ID, "file", null)));

        assertThat(tally.completions()).hasSize(2);
        JsonNode json = CompletionTally.toJson(tally.completions().get(0), mapper,
                Instant.parse("2026-11-27T01:00:01Z"));
        assertFields(json, """
                {"requestId": "r-1", "correlationId": "c", "source": {"offset": 4}, "ids": 3, "results": 2,
                 "notifiable": 1, "errors": {"INVALID_ID": 1, "MALFORMED_REQUEST": 0},
                 "reasons": {"RESERVED": 1, "NOT_ACTIVE": 0},
                 "startedAt": "2026-11-27T01:00:00Z", "completedAt": "2026-11-27T01:00:01Z"}""");
    }

    private static RequestContext context(String requestId, long offset) {
        return new RequestContext(requestId, "c", new OutcomeSource.Kafka("req", 0, offset));
    }

    private static PersonOutcome result(RequestContext context, boolean notifiable, List<VerdictReason> reasons) {
        return new PersonOutcome.Result(context, "1", new Verdict(notifiable, reasons, Optional.empty(),
                Optional.empty(), STARTED), null, null);
    }

    private static PersonOutcome error(RequestContext context, ErrorCode code) {
        return new PersonOutcome.Error(context, "2", code, "x", null);
    }
}
