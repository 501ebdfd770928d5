// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.outcome;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import no.krrgateway.verdict.VerdictReason;

/**
 * The counts of a set of outcomes, as a file's summary and a Kafka request's completion record report them: ids,
 * results, notifiable results, errors, and per verdict reason and per error code. Every reason and every listed code
 * is counted from zero, so that a report lists them all, zeros too.
 */
public final class OutcomeCounts {

    private final Map<VerdictReason, Long> reasons = new EnumMap<>(VerdictReason.class);
    private final Map<ErrorCode, Long> errorCodes = new EnumMap<>(ErrorCode.class);
    private long ids;
    private long results;
    private long notifiable;
    private long errors;

    /** @param listedCodes the error codes the channel's outcomes can carry, in the order a report lists them */
    public OutcomeCounts(List<ErrorCode> listedCodes) {
        for (VerdictReason reason : VerdictReason.values()) {
            reasons.put(reason, 0L);
        }
        for (ErrorCode code : listedCodes) {
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
            errors++;
            errorCodes.merge(((PersonOutcome.Error) outcome).code(), 1L, Long::sum);
        }
    }

    /** The totals so far. */
    public Totals totals() {
        return new Totals(ids, results, notifiable, errors);
    }

    /** Outcomes counted, results among them, notifiable results among those, and errors. */
    public record Totals(long ids, long results, long notifiable, long errors) {
    }

    public long errors(ErrorCode code) {
        return errorCodes.getOrDefault(code, 0L);
    }

    /** The error codes that occurred, with their counts, by name. */
    public Map<String, Long> occurredErrorCodes() {
        Map<String, Long> occurred = new TreeMap<>();
        errorCodes.forEach((code, count) -> {
            if (count > 0) {
                occurred.put(code.name(), count);
            }
        });
        return occurred;
    }

    /** Writes the totals both reports share, {@code ids}, {@code results} and {@code notifiable}, into {@code node}. */
    public void putTotals(ObjectNode node) {
        node.put("ids", ids);
        node.put("results", results);
        node.put("notifiable", notifiable);
    }

    /** Writes the count per verdict reason into {@code node}, every reason, in the enum's order. */
    public void putReasons(ObjectNode node) {
        reasons.forEach((reason, count) -> node.put(reason.name(), count));
    }

    /** Writes the count per listed error code (and any other that occurred) into {@code node}, in the enum's order. */
    public void putErrorCodes(ObjectNode node) {
        errorCodes.forEach((code, count) -> node.put(code.name(), count));
    }
}
