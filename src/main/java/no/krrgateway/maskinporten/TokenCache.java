// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reuses one token until shortly before it runs out, so KRR batches never cost a token request each. Refreshes
 * ahead of expiry (when less than max(20 s, 10% of its lifetime) remains), single-flight: one caller fetches while
 * the others keep using the still-valid old token.
 */
public class TokenCache implements AccessTokenProvider {

    private static final Logger log = LoggerFactory.getLogger(TokenCache.class);
    private static final Duration MIN_REFRESH_AHEAD = Duration.ofSeconds(20);
    /** A token with less than this left is never handed out: a KRR call must be able to finish with it. */
    private static final Duration MIN_REMAINING = Duration.ofSeconds(5);

    private final Supplier<AccessToken> fetcher;
    private final Clock clock;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile AccessToken current;

    public TokenCache(Supplier<AccessToken> fetcher, Clock clock) {
        this.fetcher = fetcher;
        this.clock = clock;
    }

    @Override
    public AccessToken token() {
        AccessToken token = current;
        Instant now = clock.instant();
        if (token != null && now.isBefore(refreshAt(token))) {
            return token;
        }
        boolean stillUsable = token != null && now.isBefore(token.expiresAt().minus(MIN_REMAINING));
        if (stillUsable) {
            // Someone else is refreshing: keep serving the old token instead of queueing behind them.
            if (!refreshing.tryLock()) {
                return token;
            }
        } else {
            refreshing.lock();
        }
        try {
            AccessToken latest = current;
            if (latest != null && clock.instant().isBefore(refreshAt(latest))) {
                return latest;
            }
            try {
                current = fetcher.get();
                log.debug("Fetched a Maskinporten token, valid until {}", current.expiresAt());
            } catch (RuntimeException e) {
                if (stillUsable && latest != null) {
                    log.warn("Token refresh failed, the current token stays in use until it runs out: {}",
                            e.getMessage());
                    return latest;
                }
                throw e;
            }
            return current;
        } finally {
            refreshing.unlock();
        }
    }

    @Override
    public void invalidate(AccessToken refused) {
        refreshing.lock();
        try {
            if (current != null && current.equals(refused)) {
                current = null;
            }
        } finally {
            refreshing.unlock();
        }
    }

    static Instant refreshAt(AccessToken token) {
        Duration lifetime = Duration.between(token.issuedAt(), token.expiresAt());
        Duration ahead = lifetime.dividedBy(10);
        if (ahead.compareTo(MIN_REFRESH_AHEAD) < 0) {
            ahead = MIN_REFRESH_AHEAD;
        }
        return token.expiresAt().minus(ahead);
    }
}
