// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import no.krrgateway.verdict.Verdict.VerdictReason;

/** A report lists every reason and every listed code, zeros too. */
public final class OutcomeCounts {

    private static final VerdictReason[] REASONS = VerdictReason.values();
    private static final ErrorCode[] CODES = ErrorCode.values();

    // Counts by ordinal: counted for every outcome of a Kafka request, where boxed map entries cost a visible share.
    private final long[] reasons = new long[REASONS.length];
    private final long[] errorCodes = new long[CODES.length];
    private final boolean[] listed = new boolean[CODES.length];
    private long ids;
    private long results;
    private long notifiable;
    private long errors;

    /** {@code listedCodes}: the error codes the channel's outcomes can carry, listed in the enum's order. */
    public OutcomeCounts(List<ErrorCode> listedCodes) {
        for (ErrorCode code : listedCodes) {
            listed[code.ordinal()] = true;
        }
    }

    public void add(PersonOutcome outcome) {
        ids++;
        if (outcome instanceof PersonOutcome.Result result) {
            results++;
            if (result.verdict().notifiable()) {
                notifiable++;
            }
            for (VerdictReason reason : result.verdict().reasons()) {
                reasons[reason.ordinal()]++;
            }
        } else {
            errors++;
            errorCodes[((PersonOutcome.Error) outcome).code().ordinal()]++;
        }
    }

    public Totals totals() {
        return new Totals(ids, results, notifiable, errors);
    }

    public record Totals(long ids, long results, long notifiable, long errors) {
    }

    public long errors(ErrorCode code) {
        return errorCodes[code.ordinal()];
    }

    public long reasons(VerdictReason reason) {
        return reasons[reason.ordinal()];
    }

    public Map<String, Long> occurredErrorCodes() {
        Map<String, Long> occurred = new TreeMap<>();
        for (ErrorCode code : CODES) {
            if (errorCodes[code.ordinal()] > 0) {
                occurred.put(code.name(), errorCodes[code.ordinal()]);
            }
        }
        return occurred;
    }

    public void putTotals(ObjectNode node) {
        node.put("ids", ids);
        node.put("results", results);
        node.put("notifiable", notifiable);
    }

    public void putReasons(ObjectNode node) {
        for (VerdictReason reason : REASONS) {
            node.put(reason.name(), reasons[reason.ordinal()]);
        }
    }

    public void putErrorCodes(ObjectNode node) {
        for (ErrorCode code : CODES) {
            if (listed[code.ordinal()] || errorCodes[code.ordinal()] > 0) {
                node.put(code.name(), errorCodes[code.ordinal()]);
            }
        }
    }
}
