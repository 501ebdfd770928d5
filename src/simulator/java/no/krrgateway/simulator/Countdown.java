// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import java.util.concurrent.atomic.AtomicInteger;

/** A "next N calls answer status X" fault, counted down safely by concurrent calls; a negative count never ends. */
record Countdown(int status, AtomicInteger remaining, String retryAfter) {

    /** What is left of a countdown, as shown in the settings; all null when nothing is left. */
    record Left(Integer status, Integer count, String retryAfter) {
    }

    /** @return the countdown, or null when there is no status or the count is 0 */
    static Countdown of(Integer status, Integer count, String retryAfter) {
        int remaining = count == null ? 1 : count;
        return status == null || remaining == 0 ? null : new Countdown(status, new AtomicInteger(remaining), retryAfter);
    }

    /** @return the fault for this call, or null when the countdown has run out */
    FaultPlan.Fault take() {
        int before = remaining.getAndUpdate(n -> n > 0 ? n - 1 : n);
        return before == 0 ? null : new FaultPlan.Fault(status, retryAfter, FaultPlan.Kind.COUNTED);
    }

    static Left left(Countdown countdown) {
        int count = countdown == null ? 0 : countdown.remaining.get();
        return count == 0 ? new Left(null, null, null) : new Left(countdown.status, count, countdown.retryAfter);
    }
}
