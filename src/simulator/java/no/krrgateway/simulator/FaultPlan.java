// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.springframework.boot.convert.DurationStyle;

/**
 * {@link FaultSettings} made concrete at one instant (outage window fixed, counters running), deciding per call
 * what to inject. Plain Java, so the draws can be tested with a seeded random and a fixed clock.
 *
 * <p>Precedence for a KRR call: (1) an open outage window answers its status at once, with no latency or hang;
 * (2) otherwise the call is delayed by the drawn latency, plus {@code hangFor} if it is drawn to hang; then
 * (3) a pending "next N calls" fault, else (4) one draw over {@code krr429Rate} then {@code krrErrorRates} in
 * rising status order. Calls with none of these go on to the usual checks (token, body) and then to
 * {@link #rejects} for {@code rejectIds}. Token calls: a pending "next N calls" fault, else {@code tokenErrorRates}.
 */
final class FaultPlan {

    /** Why a call was answered with a forced status. */
    enum Kind { OUTAGE, COUNTED, RATE }

    /** One forced answer; {@code retryAfter} may be null. */
    record Fault(int status, String retryAfter, Kind kind) {
    }

    /** What to do with one KRR call before it is looked at: wait {@code delay}, then answer {@code fault} if any. */
    record KrrDecision(Duration delay, boolean hang, Fault fault) {
    }

    private record Window(Instant from, Instant until, int status) {
        boolean contains(Instant now) {
            return !now.isBefore(from) && now.isBefore(until);
        }
    }

    private static final Duration DEFAULT_HANG_FOR = DurationStyle.detectAndParse(FaultSettings.DEFAULT_HANG_FOR);
    private static final RandomGenerator THREAD_LOCAL = () -> ThreadLocalRandom.current().nextLong();

    private final FaultSettings settings;
    private final RandomGenerator random;
    private final Countdown token;
    private final Countdown krr;
    private final Window outage;
    private final RateTable tokenRates;
    private final RateTable krrRates;
    private final Set<String> rejectIds;

    private FaultPlan(FaultSettings settings, RandomGenerator random, Countdown token, Countdown krr, Window outage) {
        this.settings = settings;
        this.random = random;
        this.token = token;
        this.krr = krr;
        this.outage = outage;
        this.tokenRates = new RateTable(settings.tokenErrorRates(), null, null);
        this.krrRates = new RateTable(settings.krrErrorRates(), settings.krr429Rate(), settings.krr429RetryAfter());
        this.rejectIds = settings.rejectIds() == null ? Set.of() : Set.copyOf(settings.rejectIds());
    }

    /** The settings applied at {@code now}; draws come from {@code random}, or a seeded one if the settings name a seed. */
    static FaultPlan of(FaultSettings settings, Instant now, RandomGenerator random) {
        return new FaultPlan(settings, settings.seed() == null ? random : new Random(settings.seed()),
                Countdown.of(settings.tokenStatus(), settings.tokenCount(), null),
                Countdown.of(settings.krrStatus(), settings.krrCount(), settings.krrRetryAfter()),
                window(settings, now));
    }

    /** The settings applied at {@code now}, drawing from a thread-local random unless they name a seed. */
    static FaultPlan of(FaultSettings settings, Instant now) {
        return of(settings, now, THREAD_LOCAL);
    }

    /** This plan with {@code patch} merged in; counters and the outage window not named in it run on unchanged. */
    FaultPlan patched(FaultSettings patch, Instant now) {
        FaultPlan fresh = of(settings.mergedWith(patch), now, random);
        boolean tokenNamed = patch.tokenStatus() != null || patch.tokenCount() != null;
        boolean krrNamed = patch.krrStatus() != null || patch.krrCount() != null || patch.krrRetryAfter() != null;
        boolean outageNamed = patch.outage() != null || patch.outageFor() != null;
        return new FaultPlan(fresh.settings, patch.seed() == null ? random : fresh.random,
                tokenNamed ? fresh.token : token, krrNamed ? fresh.krr : krr, outageNamed ? fresh.outage : outage);
    }

    KrrDecision decideKrr(Instant now) {
        if (outage != null && outage.contains(now)) {
            return new KrrDecision(Duration.ZERO, false, new Fault(outage.status(), null, Kind.OUTAGE));
        }
        Duration delay = latency();
        boolean hang = draw(settings.hangRate());
        if (hang) {
            delay = delay.plus(hangFor());
        }
        Fault fault = krr == null ? null : krr.take();
        return new KrrDecision(delay, hang, fault != null ? fault : krrRates.draw(random));
    }

    Optional<Fault> decideToken() {
        Fault fault = token == null ? null : token.take();
        return Optional.ofNullable(fault != null ? fault : tokenRates.draw(random));
    }

    /** @return whether a grant naming {@code consumerOrg} is refused ({@code refusedConsumerOrgs}) */
    boolean refusesGrant(String consumerOrg) {
        return consumerOrg != null && settings.refusedConsumerOrgs() != null
                && settings.refusedConsumerOrgs().contains(consumerOrg);
    }

    /** @return whether Maskinporten is to answer 503 to a grant naming {@code consumerOrg} */
    boolean failsGrant(String consumerOrg) {
        return consumerOrg != null && settings.maskinportenUnavailableConsumerOrgs() != null
                && settings.maskinportenUnavailableConsumerOrgs().contains(consumerOrg);
    }

    /** @return whether Maskinporten is to hold a grant naming {@code consumerOrg} unanswered for now */
    boolean holdsGrant(String consumerOrg) {
        return consumerOrg != null && settings.maskinportenHeldConsumerOrgs() != null
                && settings.maskinportenHeldConsumerOrgs().contains(consumerOrg);
    }

    /** @return how long a held grant or a hanging KRR call is held at most ({@code hangFor}) */
    Duration hangFor() {
        return settings.hangFor() == null ? DEFAULT_HANG_FOR : settings.hangFor();
    }

    /** @return whether KRR denies tokens issued for some consumer orgs (krrDeniedConsumerOrgs, krrUnauthorized...) */
    boolean deniesAnyKrr() {
        return settings.krrDeniedConsumerOrgs() != null && !settings.krrDeniedConsumerOrgs().isEmpty()
                || settings.krrUnauthorizedConsumerOrgs() != null && !settings.krrUnauthorizedConsumerOrgs().isEmpty();
    }

    /** @return the status KRR answers a token issued for {@code consumerOrg}: 401, 403, or 0 (not denied) */
    int deniesKrr(String consumerOrg) {
        if (consumerOrg == null) {
            return 0;
        }
        var unauthorized = settings.krrUnauthorizedConsumerOrgs();
        var denied = settings.krrDeniedConsumerOrgs();
        return unauthorized != null && unauthorized.contains(consumerOrg) ? 401
                : denied != null && denied.contains(consumerOrg) ? 403 : 0;
    }

    /** @return whether the batch holds one of the {@code rejectIds} */
    boolean rejects(Collection<String> ids) {
        return !rejectIds.isEmpty() && ids.stream().anyMatch(rejectIds::contains);
    }

    /** The settings that would give this plan's behaviour if applied at {@code now}: counts left, window left. */
    FaultSettings current(Instant now) {
        FaultSettings.Outage left = null;
        if (outage != null && now.isBefore(outage.until())) {
            Instant opens = outage.from().isAfter(now) ? outage.from() : now;
            left = new FaultSettings.Outage(Duration.between(now, opens), Duration.between(opens, outage.until()),
                    outage.status());
        }
        Countdown.Left t = Countdown.left(token);
        Countdown.Left k = Countdown.left(krr);
        FaultSettings s = settings;
        return new FaultSettings(t.status(), t.count(), s.tokenErrorRates(), k.status(), k.count(), k.retryAfter(),
                s.krrErrorRates(), s.krr429Rate(), s.krr429RetryAfter(), s.latencyMin(), s.latencyMax(), s.hangRate(),
                s.hangFor(), left, null, s.rejectIds(), s.seed(), s.refusedConsumerOrgs(), s.krrDeniedConsumerOrgs(),
                s.krrUnauthorizedConsumerOrgs(), s.maskinportenUnavailableConsumerOrgs(),
                s.maskinportenHeldConsumerOrgs());
    }

    private Duration latency() {
        long min = settings.latencyMin() == null ? 0 : settings.latencyMin().toMillis();
        long max = settings.latencyMax() == null ? min : settings.latencyMax().toMillis();
        return Duration.ofMillis(max > min ? random.nextLong(min, max + 1) : min);
    }

    private boolean draw(Double rate) {
        return rate != null && rate > 0 && random.nextDouble() < rate;
    }

    private static Window window(FaultSettings settings, Instant now) {
        if (settings.outageFor() != null) {
            return new Window(now, now.plus(settings.outageFor()), FaultSettings.DEFAULT_OUTAGE_STATUS);
        }
        FaultSettings.Outage o = settings.outage();
        if (o == null) {
            return null;
        }
        Instant from = o.startsIn() == null ? now : now.plus(o.startsIn());
        return new Window(from, from.plus(o.lasts()),
                o.status() == null ? FaultSettings.DEFAULT_OUTAGE_STATUS : o.status());
    }
}
