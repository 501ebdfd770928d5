// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Fractions of calls answered with each status, drawn with one number per call so the statuses exclude each other:
 * 429 first, then the other statuses in rising order.
 */
final class RateTable {

    private record Slice(double upTo, int status, String retryAfter) {
    }

    private final List<Slice> slices = new ArrayList<>();

    /**
     * @param rates            fraction per status; may be null
     * @param rate429          fraction answered 429 with {@code retryAfter429}; may be null
     * @param retryAfter429    {@code Retry-After} of every drawn 429 (also one listed in {@code rates}); may be null
     */
    RateTable(Map<Integer, Double> rates, Double rate429, String retryAfter429) {
        Map<Integer, Double> byStatus = new TreeMap<>();
        if (rate429 != null && rate429 > 0) {
            byStatus.put(429, rate429);
        }
        if (rates != null) {
            rates.forEach((status, rate) -> byStatus.merge(status, rate, Double::sum));
        }
        double upTo = byStatus.getOrDefault(429, 0.0);
        if (upTo > 0) {
            slices.add(new Slice(upTo, 429, retryAfter429));
        }
        for (Map.Entry<Integer, Double> e : byStatus.entrySet()) {
            if (e.getKey() != 429 && e.getValue() > 0) {
                upTo += e.getValue();
                slices.add(new Slice(upTo, e.getKey(), null));
            }
        }
    }

    /** @return the drawn fault, or null when this call goes through */
    FaultPlan.Fault draw(RandomGenerator random) {
        if (slices.isEmpty()) {
            return null;
        }
        double u = random.nextDouble();
        for (Slice slice : slices) {
            if (u < slice.upTo()) {
                return new FaultPlan.Fault(slice.status(), slice.retryAfter(), FaultPlan.Kind.RATE);
            }
        }
        return null;
    }
}
