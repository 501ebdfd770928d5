// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.channel.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.verdict.VerdictReason;

/** Counts one file's outcomes for {@code NAME.summary.json}: every reason and error code is listed, zeros too. */
final class FileSummary {

    private final String file;
    private final Instant startedAt;
    private final Map<VerdictReason, Long> reasons = new EnumMap<>(VerdictReason.class);
    private final Map<ErrorCode, Long> errorCodes = new EnumMap<>(ErrorCode.class);
    private long ids;
    private long results;
    private long notifiable;
    private long errors;

    FileSummary(String file, Instant startedAt) {
        this.file = file;
        this.startedAt = startedAt;
        for (VerdictReason reason : VerdictReason.values()) {
            reasons.put(reason, 0L);
        }
        // The codes a file's outcome can carry; a malformed file is refused whole instead.
        errorCodes.put(ErrorCode.INVALID_ID, 0L);
        errorCodes.put(ErrorCode.KRR_REJECTED, 0L);
    }

    void add(PersonOutcome outcome) {
        ids++;
        if (outcome instanceof PersonOutcome.Result result) {
            results++;
            if (result.verdict().notifiable()) {
                notifiable++;
            }
            result.verdict().reasons().forEach(reason -> reasons.merge(reason, 1L, Long::sum));
        } else {
            errors++;
            errorCodes.merge(((PersonOutcome.Error) outcome).code(), 1L, Long::sum);
        }
    }

    long ids() {
        return ids;
    }

    long results() {
        return results;
    }

    long errors() {
        return errors;
    }

    /** @return ids that were looked up, whatever KRR said: all but the invalid ones */
    long validIds() {
        return ids - errorCodes.get(ErrorCode.INVALID_ID);
    }

    long notifiable() {
        return notifiable;
    }

    /** The error codes that occurred, with their counts. */
    Map<String, Long> occurredErrorCodes() {
        Map<String, Long> occurred = new java.util.TreeMap<>();
        errorCodes.forEach((code, count) -> {
            if (count > 0) {
                occurred.put(code.name(), count);
            }
        });
        return occurred;
    }

    String toJson(ObjectMapper mapper, String requestId, Instant finishedAt) {
        ObjectNode node = mapper.createObjectNode();
        node.put("file", file);
        node.put("requestId", requestId);
        node.put("ids", ids);
        node.put("results", results);
        node.put("notifiable", notifiable);
        node.put("errors", errors);
        ObjectNode reasonCounts = node.putObject("reasons");
        reasons.forEach((reason, count) -> reasonCounts.put(reason.name(), count));
        ObjectNode codeCounts = node.putObject("errorCodes");
        errorCodes.forEach((code, count) -> codeCounts.put(code.name(), count));
        node.put("startedAt", startedAt.toString());
        node.put("finishedAt", finishedAt.toString());
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the summary as JSON", e);
        }
    }
}
