// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.krrgateway.verdict.Verdict;
import no.krrgateway.verdict.Verdict.VerdictReason;
import org.junit.jupiter.api.Test;

class OutcomeCountsTest {

    private static final RequestContext CONTEXT = new RequestContext("r", null, new OutcomeSource.File("a.txt", 1));
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void add_countsResultsNotifiableReasonsAndErrorsPerCode() {
        OutcomeCounts counts = new OutcomeCounts(List.of(ErrorCode.INVALID_ID, ErrorCode.KRR_REJECTED));
        counts.add(result(true));
        counts.add(result(false, VerdictReason.RESERVED, VerdictReason.NOT_ACTIVE));
        counts.add(result(false, VerdictReason.RESERVED));
        counts.add(error(ErrorCode.INVALID_ID));
        counts.add(error(ErrorCode.INVALID_ID));

        assertThat(counts.totals()).isEqualTo(new OutcomeCounts.Totals(5, 3, 1, 2));
        assertThat(counts.reasons(VerdictReason.RESERVED)).isEqualTo(2);
        assertThat(counts.reasons(VerdictReason.NOT_ACTIVE)).isEqualTo(1);
        assertThat(counts.errors(ErrorCode.INVALID_ID)).isEqualTo(2);
        assertThat(counts.errors(ErrorCode.KRR_REJECTED)).isZero();
        assertThat(counts.occurredErrorCodes()).isEqualTo(Map.of("INVALID_ID", 2L));
    }

    @Test
    void put_listsEveryReasonAndEveryListedCode_zerosToo_inEnumOrder() {
        OutcomeCounts counts = new OutcomeCounts(List.of(ErrorCode.KRR_REJECTED, ErrorCode.INVALID_ID));
        counts.add(result(false, VerdictReason.RESERVED));
        ObjectNode reasons = MAPPER.createObjectNode();
        ObjectNode codes = MAPPER.createObjectNode();
        counts.putReasons(reasons);
        counts.putErrorCodes(codes);

        assertThat(reasons.size()).isEqualTo(VerdictReason.values().length);
        assertThat(reasons.get("RESERVED").asLong()).isEqualTo(1);
        assertThat(codes.toString()).isEqualTo("{\"INVALID_ID\":0,\"KRR_REJECTED\":0}");
    }

    @Test
    void putErrorCodes_unlistedCodeOccurred_listedWithTheOthersInEnumOrder() {
        OutcomeCounts counts = new OutcomeCounts(List.of(ErrorCode.KRR_REJECTED, ErrorCode.INVALID_ID));
        counts.add(error(ErrorCode.CONSUMER_ORG_REFUSED));
        counts.add(error(ErrorCode.CONSUMER_ORG_REFUSED));
        ObjectNode codes = MAPPER.createObjectNode();
        counts.putErrorCodes(codes);

        assertThat(codes.toString()).isEqualTo(
                "{\"INVALID_ID\":0,\"CONSUMER_ORG_REFUSED\":2,\"KRR_REJECTED\":0}");
        assertThat(counts.occurredErrorCodes()).isEqualTo(Map.of("CONSUMER_ORG_REFUSED", 2L));
    }

    private static PersonOutcome result(boolean notifiable, VerdictReason... reasons) {
        return new PersonOutcome.Result(CONTEXT, "1", new Verdict(notifiable, List.of(reasons), Optional.empty(),
                Optional.empty(), Instant.EPOCH), null, null);
    }

    private static PersonOutcome error(ErrorCode code) {
        return new PersonOutcome.Error(CONTEXT, "2", code, "x", null);
    }
}
