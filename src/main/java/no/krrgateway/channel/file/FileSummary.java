// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeCounts;
import no.krrgateway.outcome.PersonOutcome;

/** Counts one file's outcomes for {@code NAME.summary.json}: every reason and error code is listed, zeros too. */
final class FileSummary {

    /** The codes a file's outcome can carry; a malformed file is refused whole instead. */
    private static final List<ErrorCode> CODES = List.of(ErrorCode.INVALID_ID, ErrorCode.KRR_REJECTED);

    private final String file;
    private final Instant startedAt;
    private final OutcomeCounts counts = new OutcomeCounts(CODES);

    FileSummary(String file, Instant startedAt) {
        this.file = file;
        this.startedAt = startedAt;
    }

    void add(PersonOutcome outcome) {
        counts.add(outcome);
    }

    OutcomeCounts.Totals totals() {
        return counts.totals();
    }

    /** @return ids that were looked up, whatever KRR said: all but the invalid ones */
    long validIds() {
        return counts.totals().ids() - counts.errors(ErrorCode.INVALID_ID);
    }

    /** The error codes that occurred, with their counts. */
    Map<String, Long> occurredErrorCodes() {
        return counts.occurredErrorCodes();
    }

    String toJson(ObjectMapper mapper, String requestId, Instant finishedAt) {
        ObjectNode node = mapper.createObjectNode();
        node.put("file", file);
        node.put("requestId", requestId);
        counts.putTotals(node);
        node.put("errors", counts.totals().errors());
        counts.putReasons(node.putObject("reasons"));
        counts.putErrorCodes(node.putObject("errorCodes"));
        node.put("startedAt", startedAt.toString());
        node.put("finishedAt", finishedAt.toString());
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the summary as JSON", e);
        }
    }
}
