// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import no.krrgateway.GatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reuses a token per {@link TokenRequest}, refreshed ahead of expiry single-flight: one caller fetches while the others
 * keep using the still-valid old token.
 */
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
    private volatile String lastFailure;

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
    public AccessToken token() {
        return token(defaultRequest);
    }

    @Override
    public AccessToken token(String consumerOrg) {
        return token(defaultRequest.forConsumerOrg(consumerOrg));
    }

    public AccessToken token(TokenRequest request) {
        Entry entry = entries.computeIfAbsent(request, key -> new Entry());
        AccessToken token = entry.current;
        Instant now = clock.instant();
        if (token != null && now.isBefore(refreshAt(token))) {
            hits.increment();
            return token;
        }
        boolean stillUsable = token != null && now.isBefore(token.expiresAt().minus(MIN_REMAINING));
        if (!stillUsable) {
            entry.refreshing.lock();
        } else if (!entry.refreshing.tryLock()) {
            // Someone else is refreshing: keep serving the old token instead of queueing behind them.
            hits.increment();
            return token;
        }
        try {
            AccessToken latest = entry.current;
            if (latest != null && clock.instant().isBefore(refreshAt(latest))) {
                hits.increment();
                return latest;
            }
            try {
                entry.current = fetchTime.record(() -> fetcher.apply(request));
                requests.withTag("outcome", "success").increment();
                if (request.equals(defaultRequest)) {
                    lastFailure = null;
                }
                log.debug("Fetched a Maskinporten token, valid until {}", entry.current.expiresAt());
                return entry.current;
            } catch (RuntimeException e) {
                requests.withTag("outcome", e instanceof GatewayException g ? g.code().name().toLowerCase() : "error")
                        .increment();
                // Health maskinporten is about the gateway's own token; a tenant's refusal is health tenants'.
                if (request.equals(defaultRequest)) {
                    lastFailure = e.getMessage();
                }
                if (stillUsable && latest != null) {
                    log.warn("Token refresh failed, the current token stays in use until it runs out: {}",
                            e.getMessage());
                    return latest;
                }
                throw e;
            }
        } finally {
            entry.refreshing.unlock();
        }
    }

    @Override
    public void invalidate(AccessToken refused) {
        for (Entry entry : entries.values()) {
            entry.refreshing.lock();
            try {
                if (refused.equals(entry.current)) {
                    entry.current = null;
                }
            } finally {
                entry.refreshing.unlock();
            }
        }
    }

    public void invalidateAll() {
        entries.clear();
    }

    public AccessToken renew(String consumerOrg) {
        TokenRequest request = defaultRequest.forConsumerOrg(consumerOrg);
        entries.remove(request);
        return token(request);
    }

    /** For the gateway's own org only; null after a success. */
    public String lastFailure() {
        return lastFailure;
    }

    Instant refreshAt(AccessToken token) {
        Duration lifetime = Duration.between(token.issuedAt(), token.expiresAt());
        Duration ahead = Duration.ofMillis((long) (lifetime.toMillis() * properties.refreshAheadFraction()));
        Duration min = properties.refreshAheadMin();
        return token.expiresAt().minus(ahead.compareTo(min) < 0 ? min : ahead);
    }

    private static final class Entry {
        final ReentrantLock refreshing = new ReentrantLock();
        volatile AccessToken current;
    }
}
