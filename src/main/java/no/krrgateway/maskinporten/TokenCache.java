// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import no.krrgateway.GatewayException;
import no.krrgateway.maskinporten.AccessTokenProvider.AccessToken;
import org.apache.commons.lang3.ObjectUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A token per {@link TokenRequest}, refreshed ahead of expiry single-flight: the others keep the still-valid one. */
public class TokenCache implements AccessTokenProvider {

    private static final Logger log = LoggerFactory.getLogger(TokenCache.class);
    /** A token with less than this left is never handed out: a KRR call must be able to finish with it. */
    private static final Duration MIN_REMAINING = Duration.ofSeconds(5);

    private final Function<TokenRequest, AccessToken> fetcher;
    private final Clock clock;
    private final MaskinportenProperties properties;
    private final TokenRequest defaultRequest;
    private final Map<TokenRequest, Entry> entries = new ConcurrentHashMap<>();
    private final Counter hits;
    private final Meter.MeterProvider<Counter> requests;
    private final Timer fetchTime;

    public TokenCache(Function<TokenRequest, AccessToken> fetcher, Clock clock, MaskinportenProperties properties,
                      MeterRegistry meters) {
        this.fetcher = fetcher;
        this.clock = clock;
        this.properties = properties;
        this.defaultRequest = TokenRequest.of(properties);
        this.hits = meters.counter("gateway.token.cache.hits");
        this.requests = Counter.builder("gateway.token.requests").withRegistry(meters);
        this.fetchTime = Timer.builder("gateway.token.fetch").description("Maskinporten token requests, with retries")
                .register(meters);
    }

    @Override
    public AccessToken token(String consumerOrg) {
        return token(defaultRequest.forConsumerOrg(consumerOrg));
    }

    public AccessToken token(TokenRequest request) {
        Entry entry = entries.computeIfAbsent(request, key -> new Entry());
        AccessToken token = entry.current.get();
        boolean stillUsable = token != null && clock.instant().isBefore(token.expiresAt().minus(MIN_REMAINING));
        // While someone else refreshes a still usable token, keep serving it instead of queueing behind them.
        if (fresh(token) || stillUsable && !entry.refreshing.tryLock()) {
            hits.increment();
            return token;
        }
        RuntimeException failedBefore = entry.failure;
        if (!stillUsable) {
            entry.refreshing.lock();
        }
        try {
            AccessToken latest = entry.current.get();
            if (fresh(latest)) {
                hits.increment();
                return latest;
            }
            if (!stillUsable && entry.failure != null && entry.failure != failedBefore) {
                throw entry.failure; // the fetch this thread waited for failed: not one more request per waiter
            }
            return fetch(request, entry, stillUsable ? latest : null);
        } finally {
            entry.refreshing.unlock();
        }
    }

    /** Only the token KRR refused: one fetched meanwhile stays. */
    @Override
    public void invalidate(AccessToken refused) {
        entries.values().forEach(entry -> entry.current.compareAndSet(refused, null));
    }

    /** Fetched afresh, not waiting for a refresh, and kept if it comes; on a failure the cached one stays in use. */
    public AccessToken renew(String consumerOrg) {
        TokenRequest request = defaultRequest.forConsumerOrg(consumerOrg);
        return fetch(request, entries.computeIfAbsent(request, key -> new Entry()), null);
    }

    /** {@code fallback}: the still usable token to keep serving if the fetch fails, else null. */
    private AccessToken fetch(TokenRequest request, Entry entry, AccessToken fallback) {
        try {
            AccessToken fetched = fetchTime.record(() -> fetcher.apply(request));
            entry.current.set(fetched);
            entry.failure = null;
            requests.withTag("outcome", "success").increment();
            log.debug("Fetched a Maskinporten token, valid until {}", fetched.expiresAt());
            return fetched;
        } catch (RuntimeException e) {
            entry.servedCached = fallback != null;
            entry.failure = e;
            requests.withTag("outcome", e instanceof GatewayException g ? g.code().name().toLowerCase() : "error")
                    .increment();
            if (fallback != null) {
                log.warn("Token refresh failed, the current token stays in use until it runs out: {}", e.getMessage());
                return fallback;
            }
            throw e;
        }
    }

    /** The own org's last failure (a tenant's: health tenants'), null after a success; true: a cached token served. */
    public Map.Entry<String, Boolean> lastFailure() {
        Entry own = entries.computeIfAbsent(defaultRequest, key -> new Entry());
        RuntimeException e = own.failure; // a message-less failure by its class: Map.entry takes no null
        return e == null ? null : Map.entry(ObjectUtils.firstNonNull(e.getMessage(), e.toString()), own.servedCached);
    }

    /** Whether {@link #token} answers at once, with no Maskinporten request on the caller's thread. */
    public boolean atHand(String consumerOrg) {
        Entry entry = entries.get(defaultRequest.forConsumerOrg(consumerOrg));
        AccessToken token = entry == null ? null : entry.current.get();
        return fresh(token) || token != null && entry.refreshing.isLocked()
                && clock.instant().isBefore(token.expiresAt().minus(MIN_REMAINING));
    }

    /** Before refresh-ahead: the longer of refresh-ahead-fraction of its lifetime and refresh-ahead-min. */
    private boolean fresh(AccessToken token) {
        if (token == null) {
            return false;
        }
        Duration lifetime = Duration.between(token.issuedAt(), token.expiresAt());
        Duration ahead = Duration.ofMillis((long) (lifetime.toMillis() * properties.refreshAheadFraction()));
        // -min at most half the lifetime: past the lifetime Maskinporten gives, every call would fetch a token
        Duration before = ObjectUtils.max(ahead, ObjectUtils.min(properties.refreshAheadMin(), lifetime.dividedBy(2)));
        return clock.instant().isBefore(token.expiresAt().minus(before));
    }

    private static final class Entry {
        final ReentrantLock refreshing = new ReentrantLock();
        final AtomicReference<AccessToken> current = new AtomicReference<>();
        /** The last fetch's failure, null after a success; whether it left a still usable token in use. */
        volatile RuntimeException failure;
        volatile boolean servedCached;
    }
}
