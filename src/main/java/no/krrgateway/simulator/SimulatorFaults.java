// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Faults the simulator injects on request, so resilience tests can make Maskinporten or KRR fail for a number of
 * calls and then recover.
 */
@Profile("simulator")
@Component
public class SimulatorFaults {

    /**
     * What to inject; a null status leaves that endpoint alone.
     *
     * @param tokenStatus   HTTP status the token endpoint answers with instead of working (e.g. 500, 503)
     * @param tokenCount    for how many token calls; default 1; a negative number means until cleared
     * @param krrStatus     HTTP status the KRR endpoints answer with (e.g. 401, 403, 429, 500, 503)
     * @param krrCount      for how many KRR calls; default 1; a negative number means until cleared
     * @param krrRetryAfter value of the {@code Retry-After} header on forced KRR answers; default none
     */
    public record Settings(Integer tokenStatus, Integer tokenCount, Integer krrStatus, Integer krrCount,
                           String krrRetryAfter) {
    }

    /** One injected answer. */
    public record Fault(int status, String retryAfter) {
    }

    private record Plan(int status, int remaining, String retryAfter) {
        Plan next() {
            return remaining < 0 ? this : new Plan(status, remaining - 1, retryAfter);
        }
    }

    private final AtomicReference<Plan> tokenPlan = new AtomicReference<>();
    private final AtomicReference<Plan> krrPlan = new AtomicReference<>();

    public void apply(Settings settings) {
        tokenPlan.set(plan(settings.tokenStatus(), settings.tokenCount(), null));
        krrPlan.set(plan(settings.krrStatus(), settings.krrCount(), settings.krrRetryAfter()));
    }

    public void clear() {
        tokenPlan.set(null);
        krrPlan.set(null);
    }

    /** Takes the next token-endpoint fault, if one is planned. */
    public Optional<Fault> nextTokenFault() {
        return take(tokenPlan);
    }

    /** Takes the next KRR fault, if one is planned. */
    public Optional<Fault> nextKrrFault() {
        return take(krrPlan);
    }

    private static Plan plan(Integer status, Integer count, String retryAfter) {
        if (status == null) {
            return null;
        }
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 4xx or 5xx: " + status);
        }
        int remaining = count == null ? 1 : count;
        return remaining == 0 ? null : new Plan(status, remaining, retryAfter);
    }

    private static Optional<Fault> take(AtomicReference<Plan> ref) {
        while (true) {
            Plan plan = ref.get();
            if (plan == null) {
                return Optional.empty();
            }
            Plan next = plan.next();
            if (ref.compareAndSet(plan, next.remaining() == 0 ? null : next)) {
                return Optional.of(new Fault(plan.status(), plan.retryAfter()));
            }
        }
    }
}
