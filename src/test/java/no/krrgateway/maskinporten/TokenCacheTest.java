// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenCacheTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));
    private final AtomicInteger fetches = new AtomicInteger();

    private AccessToken issue() {
        int n = fetches.incrementAndGet();
        return new AccessToken("token-" + n, clock.instant(), clock.instant().plusSeconds(120));
    }

    @Test
    void token_manyCallsWithinLifetime_oneFetch() {
        TokenCache cache = new TokenCache(this::issue, clock);
        for (int i = 0; i < 100; i++) {
            cache.token();
            clock.advance(Duration.ofSeconds(0));
        }
        assertThat(fetches).hasValue(1);
    }

    @Test
    void token_lessThanTwentySecondsLeft_refreshes() {
        TokenCache cache = new TokenCache(this::issue, clock);
        AccessToken first = cache.token();
        clock.advance(Duration.ofSeconds(99));
        assertThat(cache.token()).isSameAs(first);
        clock.advance(Duration.ofSeconds(2)); // 19 s left
        assertThat(cache.token().value()).isEqualTo("token-2");
    }

    @Test
    void token_refreshFailsWhileOldStillValid_keepsServingOld() {
        AtomicInteger calls = new AtomicInteger();
        TokenCache cache = new TokenCache(() -> {
            if (calls.incrementAndGet() > 1) {
                throw new IllegalStateException("Maskinporten down");
            }
            return issue();
        }, clock);
        AccessToken first = cache.token();
        clock.advance(Duration.ofSeconds(105)); // 15 s left: refresh window, still usable
        assertThat(cache.token()).isSameAs(first);
        clock.advance(Duration.ofSeconds(12)); // 3 s left: too little to hand out
        assertThatThrownBy(cache::token).hasMessageContaining("Maskinporten down");
    }

    @Test
    void invalidate_refusedToken_nextCallFetches() {
        TokenCache cache = new TokenCache(this::issue, clock);
        cache.invalidate(cache.token());
        assertThat(cache.token().value()).isEqualTo("token-2");
    }

    @Test
    void accessTokenToString_neverShowsTheToken() {
        assertThat(new AccessToken("secret-token", Instant.EPOCH, Instant.EPOCH).toString())
                .doesNotContain("secret-token");
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
