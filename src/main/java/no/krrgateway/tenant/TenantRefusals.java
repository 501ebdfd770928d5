// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.tenant;

import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import no.krrgateway.krr.KrrBatch;
import no.krrgateway.krr.KrrClient;
import no.krrgateway.krr.KrrException;
import no.krrgateway.lookup.LookupPlan.BatchAnswer;
import no.krrgateway.maskinporten.TokenRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's refusal (Maskinporten 4xx; KRR 403, or 401 to a fresh token) is its alone: its ids CONSUMER_ORG_REJECTED
 * at once, its token retried in the background with backoff. So is Maskinporten failing (5xx, timeout) for its grant
 * alone, while it issues the own org's token. The own org's refusal, or Maskinporten down, holds all intake back.
 */
public class TenantRefusals implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TenantRefusals.class);
    public static final String REJECTIONS = "gateway.tenant.rejections";

    public enum By { MASKINPORTEN, KRR }

    /** {@code code}: e.g. {@code invalid_scope MP-251}, {@code HTTP 503}, {@code timeout}; {@code attempt}: tries. */
    public record Refusal(String org, By by, String code, Instant since, int attempt, Instant nextTry) {

        String outcomeMessage() {
            return by == By.MASKINPORTEN
                    ? "Maskinporten issued no token for this consumerOrg (" + code + "); nothing was looked up"
                    : "KRR refused this consumerOrg's token (" + code + "); nothing was looked up";
        }

        /** Codes only, never a description. */
        static String code(Exception failure) {
            if (failure instanceof TokenRequestException.Rejected rejected) {
                String error = rejected.error() != null && rejected.error().matches("[A-Za-z_]{1,64}")
                        ? rejected.error() : "HTTP " + rejected.status();
                return rejected.mpCode() != null ? error + " " + rejected.mpCode() : error;
            }
            if (failure instanceof TokenRequestException.Unavailable down) {
                return down.status() > 0 ? "HTTP " + down.status()
                        : down.getCause() instanceof HttpTimeoutException ? "timeout" : "no answer";
            }
            return failure instanceof KrrException.AccessDenied denied ? "HTTP " + denied.status() : "refused";
        }
    }

    /** Route krr-halving answers its ids CONSUMER_ORG_REJECTED; no GatewayException, so it holds nobody else back. */
    public static class Rejected extends RuntimeException {

        public Rejected(String outcomeMessage) {
            super(outcomeMessage, null, false, false);
        }
    }

    private final Map<String, Refusal> refused = new ConcurrentHashMap<>();
    /** Failed tries per org since it was last answered. */
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final Consumer<String> token;
    private final Consumer<String> renewToken;
    private final IntervalFunction delays;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ScheduledExecutorService retries;
    /** One own-org check at a time, bounded by Maskinporten's timeout and retries; who waited takes its verdict. */
    private final Object ownCheck = new Object();
    private volatile int ownChecks;
    private boolean ownServed;

    /** {@code token}: an org's token, cached or fetched; {@code renewToken}: one fetched afresh (null: own org's). */
    public TenantRefusals(Consumer<String> token, Consumer<String> renewToken, Duration initialDelay,
                          Duration maxDelay, Clock clock, MeterRegistry meters, ScheduledExecutorService retries) {
        this.token = token;
        this.renewToken = renewToken;
        this.retries = retries;
        this.delays = IntervalFunction.ofExponentialBackoff(initialDelay, 2, maxDelay);
        this.clock = clock;
        this.meters = meters;
    }

    public void check(KrrBatch batch) {
        Refusal refusal = batch.consumerOrg() == null ? null : refused.get(batch.consumerOrg());
        if (refusal != null) {
            throw new Rejected(refusal.outcomeMessage());
        }
    }

    /**
     * Each org's token on the lookup's thread, before its calls take KRR call slots: a tenant's slow Maskinporten holds
     * none. A failure goes as in a call ({@link #answer}): a tenant's refuses its calls at {@link #check}.
     */
    public void tokens(List<KrrBatch> batches) {
        batches.stream().map(KrrBatch::consumerOrg).distinct().filter(org -> org == null || !refused.containsKey(org))
                .forEach(org -> {
                    try {
                        token.accept(org);
                    } catch (RuntimeException e) {
                        answer(new KrrBatch(List.of(), org), e);
                    }
                });
    }

    /**
     * Anything but a tenant's refusal (the own org's included) is thrown on, so intake is held back. A tenant's token
     * that did not come (5xx, timeout) is its refusal only if Maskinporten issues the own org's token meanwhile.
     */
    public BatchAnswer answer(KrrBatch batch, RuntimeException failure) {
        if (failure instanceof Rejected known) {
            return BatchAnswer.orgRejected(batch.ids(), known.getMessage());
        }
        String org = batch.consumerOrg();
        boolean tenantRefused = failure instanceof TokenRequestException.Rejected
                || failure instanceof KrrException.AccessDenied
                || failure instanceof TokenRequestException.Unavailable && org != null
                && (refused.containsKey(org) || maskinportenServesTheOwnOrg());
        if (org == null || !tenantRefused) {
            throw failure;
        }
        return BatchAnswer.orgRejected(batch.ids(), refuse(org, failure).outcomeMessage());
    }

    private boolean maskinportenServesTheOwnOrg() {
        int before = ownChecks;
        synchronized (ownCheck) {
            if (ownChecks == before) {
                try {
                    renewToken.accept(null);
                    ownServed = true;
                } catch (RuntimeException e) {
                    ownServed = false;
                }
                ownChecks++;
            }
            return ownServed;
        }
    }

    public BatchAnswer answered(KrrBatch batch, KrrClient.Reply reply) {
        if (batch.consumerOrg() != null) {
            attempts.remove(batch.consumerOrg());
        }
        return BatchAnswer.found(batch, reply);
    }

    public Map<String, Refusal> refused() {
        return new TreeMap<>(refused);
    }

    private synchronized Refusal refuse(String org, Exception failure) {
        meters.counter(REJECTIONS, "org", org).increment();
        Refusal known = refused.get(org);
        if (known != null) {
            return known; // another call of the same tenant, in flight when it was refused
        }
        By by = failure instanceof TokenRequestException ? By.MASKINPORTEN : By.KRR;
        Refusal refusal = scheduled(org, by, Refusal.code(failure), clock.instant());
        log.warn("Tenant {} is refused: {}. Its ids are answered CONSUMER_ORG_REJECTED, no one else waits; its token "
                        + "is tried again in {} s", org, failure.getMessage(),
                Duration.between(refusal.since(), refusal.nextTry()).toSeconds());
        return refusal;
    }

    private Refusal scheduled(String org, By by, String code, Instant since) {
        Duration delay = Duration.ofMillis(delays.apply(attempts.merge(org, 1, Integer::sum)));
        Refusal refusal = new Refusal(org, by, code, since, attempts.get(org), clock.instant().plus(delay));
        refused.put(org, refusal);
        retries.schedule(() -> retry(org), delay.toMillis(), TimeUnit.MILLISECONDS);
        return refusal;
    }

    /** Outside the lock: it may take Maskinporten's retries. One pending per refused org; only it lifts the refusal. */
    private void retry(String org) {
        try {
            renewToken.accept(org);
            retried(org, null);
        } catch (RuntimeException e) {
            retried(org, e);
        }
    }

    private synchronized void retried(String org, RuntimeException failure) {
        Refusal refusal = refused.get(org);
        if (failure != null) {
            // Still refused, or Maskinporten down (not the tenant's doing): either way, try again later.
            boolean stillRefused = failure instanceof TokenRequestException.Rejected;
            if (stillRefused) {
                meters.counter(REJECTIONS, "org", org).increment();
            }
            Refusal next = scheduled(org, stillRefused ? By.MASKINPORTEN : refusal.by(),
                    stillRefused ? Refusal.code(failure) : refusal.code(), refusal.since());
            log.warn("Tenant {}: {} ({}); next try in {} s", org, stillRefused ? "Maskinporten still refuses the grant"
                            : "no token yet", failure.getMessage(),
                    Duration.between(clock.instant(), next.nextTry()).toSeconds());
            return;
        }
        refused.remove(org);
        if (refusal.by() == By.MASKINPORTEN) {
            attempts.remove(org);
        }
        log.info("Tenant {}: Maskinporten issues its token again; its lookups resume{}", org,
                refusal.by() == By.KRR ? " (the next KRR call tells whether KRR accepts it)" : "");
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }
}
