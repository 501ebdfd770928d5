// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import jakarta.validation.Validator;
import java.time.Clock;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The simulator's current {@link FaultPlan}: starts from {@code gateway.simulator.faults.*}, is replaced, patched
 * or cleared over {@code /simulator/faults}, and counts in {@link SimulatorStats} what it injects.
 */
@Profile("simulator")
@Component
public class SimulatorFaults {

    private final AtomicReference<FaultPlan> plan;
    private final SimulatorStats stats;
    private final Validator validator;
    private final Clock clock;
    private final SimulatorProperties properties;

    public SimulatorFaults(SimulatorProperties properties, SimulatorStats stats, Validator validator, Clock clock) {
        this.plan = new AtomicReference<>(FaultPlan.of(properties.faults(), clock.instant()));
        this.stats = stats;
        this.validator = validator;
        this.clock = clock;
        this.properties = properties;
    }

    /** Replaces every setting; what {@code settings} leaves out is off. */
    public synchronized void replace(FaultSettings settings) {
        plan.set(FaultPlan.of(valid(settings), clock.instant()));
        notifyAll(); // held grants look again
    }

    /** Puts in what {@code patch} names (see {@link FaultSettings#mergedWith}); the rest runs on unchanged. */
    public synchronized void merge(FaultSettings patch) {
        valid(plan.get().current(clock.instant()).mergedWith(patch));
        plan.set(plan.get().patched(patch, clock.instant()));
        notifyAll();
    }

    /** Switches every fault off, including those set at start. */
    public synchronized void clear() {
        plan.set(FaultPlan.of(FaultSettings.NONE, clock.instant()));
        notifyAll();
    }

    /** The settings in force now: counts and outage window as they stand. */
    public FaultSettings current() {
        return plan.get().current(clock.instant());
    }

    /** Decides a KRR call; the delay includes {@code gateway.simulator.latency} unless KRR is in an outage. */
    FaultPlan.KrrDecision decideKrr() {
        FaultPlan.KrrDecision decision = plan.get().decideKrr(clock.instant());
        FaultPlan.Fault fault = decision.fault();
        if (fault != null && fault.kind() == FaultPlan.Kind.OUTAGE) {
            stats.outageAnswer();
            return decision;
        }
        if (decision.hang()) {
            stats.hang();
        }
        if (fault != null && fault.status() == 429) {
            stats.injected429();
        } else if (fault != null) {
            stats.injectedError();
        }
        return new FaultPlan.KrrDecision(decision.delay().plus(properties.latency()), decision.hang(), fault);
    }

    /** Takes the fault for this token call, if one is due. */
    Optional<FaultPlan.Fault> nextTokenFault() {
        Optional<FaultPlan.Fault> fault = plan.get().decideToken();
        fault.ifPresent(f -> stats.injectedTokenError());
        return fault;
    }

    /** @return whether Maskinporten is to refuse a grant naming {@code consumerOrg} ({@code refusedConsumerOrgs}) */
    boolean refusesGrant(String consumerOrg) {
        return plan.get().refusesGrant(consumerOrg);
    }

    /** @return whether Maskinporten is to answer 503 to a grant naming {@code consumerOrg} */
    boolean failsGrant(String consumerOrg) {
        return plan.get().failsGrant(consumerOrg);
    }

    /** Returns once {@code maskinportenHeldConsumerOrgs} no longer names {@code consumerOrg}, or after hangFor. */
    synchronized void holdGrant(String consumerOrg) throws InterruptedException {
        long until = System.nanoTime() + plan.get().hangFor().toNanos();
        for (long left = until - System.nanoTime(); plan.get().holdsGrant(consumerOrg) && left > 0;
             left = until - System.nanoTime()) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /**
     * @param consumerOrg the org the call's token was issued for, read only when some org is denied
     * @return the status KRR is to answer this call (401 {@code krrUnauthorizedConsumerOrgs}, 403
     *         {@code krrDeniedConsumerOrgs}), or 0
     */
    int deniesKrr(java.util.function.Supplier<String> consumerOrg) {
        FaultPlan current = plan.get();
        return current.deniesAnyKrr() ? current.deniesKrr(consumerOrg.get()) : 0;
    }

    /** @return whether this KRR batch is to be refused for holding a {@code rejectIds} id (counted if so) */
    boolean rejects(Collection<String> ids) {
        boolean rejected = plan.get().rejects(ids);
        if (rejected) {
            stats.rejectedBatch();
        }
        return rejected;
    }

    private FaultSettings valid(FaultSettings settings) {
        var violations = validator.validate(settings);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException(violations.stream()
                    .map(v -> (v.getPropertyPath().toString().isEmpty() ? "" : v.getPropertyPath() + ": ")
                            + v.getMessage())
                    .sorted().collect(Collectors.joining("; ")));
        }
        return settings;
    }
}
