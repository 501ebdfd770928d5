// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.maskinporten;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import no.krrgateway.maskinporten.AccessTokenProvider.AccessToken;
import no.krrgateway.support.MutableClock;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class TokenCacheTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));
    private final AtomicInteger fetches = new AtomicInteger();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private TokenCache cache(java.util.function.Function<TokenRequest, AccessToken> fetcher) {
        return new TokenCache(fetcher, clock, properties(), meters);
    }

    /** Scope krr:global/kontaktinformasjon.read; refreshed 20 s or a tenth of the lifetime ahead of expiry. */
    static MaskinportenProperties properties() {
        return new MaskinportenProperties(java.net.URI.create("https://maskinporten.no/"), null, "client-1",
                "krr:global/kontaktinformasjon.read", null, null, Duration.ofSeconds(120), "RS256",
                Duration.ofSeconds(20), 0.1, Duration.ofSeconds(10), 5, Duration.ofMillis(200), Duration.ofSeconds(10),
                null, null);
    }

    private AccessToken issue() {
        int n = fetches.incrementAndGet();
        return new AccessToken("token-" + n, clock.instant(), clock.instant().plusSeconds(120));
    }

    @Test
    void token_manyCallsWithinLifetime_oneFetch() {
        TokenCache cache = cache(request -> issue());
        for (int i = 0; i < 100; i++) {
            cache.token();
            clock.advance(Duration.ofSeconds(0));
        }
        assertThat(fetches).hasValue(1);
    }

    /** What the API's coalescer asks before a tenant's batch takes a call slot (else it fetches the token first). */
    @Test
    void atHand_onlyWhileTokenAnswersWithoutAMaskinportenRequestOnTheCallersThread() throws Exception {
        CountDownLatch refreshing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TokenCache cache = cache(request -> {
            if (fetches.get() == 1) { // the refresh waits for the test
                refreshing.countDown();
                await(release);
            }
            return issue();
        });
        assertThat(cache.atHand("910000001")).as("never fetched").isFalse();
        cache.token("910000001");
        assertThat(cache.atHand("910000001")).isTrue();
        assertThat(cache.atHand(null)).as("the own org's, never fetched").isFalse();

        clock.advance(Duration.ofSeconds(101)); // within refresh-ahead: token() would refresh on its caller's thread
        assertThat(cache.atHand("910000001")).isFalse();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<?> refresh = other.submit(() -> cache.token("910000001"));
            assertThat(refreshing.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(cache.atHand("910000001")).as("another thread refreshes; the still usable one is served")
                    .isTrue();
            release.countDown();
            refresh.get(10, TimeUnit.SECONDS);
        } finally {
            other.shutdownNow();
        }
        assertThat(cache.atHand("910000001")).isTrue();
        assertThat(fetches).hasValue(2);
    }

    /** A refresh-ahead longer than the lifetime Maskinporten gives would fetch a token on every call. */
    @Test
    void token_refreshAheadLongerThanTheLifetime_stillOneFetchForHalfTheLifetime() {
        var p = properties();
        var longAhead = new MaskinportenProperties(p.issuer(), null, p.clientId(), p.scopes(), null, null,
                p.grantLifetime(), p.algorithm(), Duration.ofMinutes(5), p.refreshAheadFraction(), p.timeout(),
                p.retryAttempts(), p.retryBackoff(), p.retryMaxBackoff(), null, null);
        TokenCache cache = new TokenCache(request -> issue(), clock, longAhead, meters);
        AccessToken first = cache.token();
        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.token()).isSameAs(first);
        clock.advance(Duration.ofSeconds(2)); // 59 s left: less than half its lifetime
        assertThat(cache.token().value()).isEqualTo("token-2");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void token_lessThanTwentySecondsLeft_refreshes() {
        TokenCache cache = cache(request -> issue());
        AccessToken first = cache.token();
        clock.advance(Duration.ofSeconds(99));
        assertThat(cache.token()).isSameAs(first);
        clock.advance(Duration.ofSeconds(2)); // 19 s left
        assertThat(cache.token().value()).isEqualTo("token-2");
    }

    @Test
    void token_refreshFailsWhileOldStillValid_keepsServingOld() {
        AtomicInteger calls = new AtomicInteger();
        TokenCache cache = cache(request -> {
            if (calls.incrementAndGet() > 1) {
                throw new IllegalStateException("Maskinporten down");
            }
            return issue();
        });
        AccessToken first = cache.token();
        clock.advance(Duration.ofSeconds(105)); // 15 s left: refresh window, still usable
        assertThat(cache.token()).isSameAs(first);
        clock.advance(Duration.ofSeconds(12)); // 3 s left: too little to hand out
        assertThatThrownBy(cache::token).hasMessageContaining("Maskinporten down");
    }

    @Test
    void invalidate_refusedToken_nextCallFetches() {
        TokenCache cache = cache(request -> issue());
        cache.invalidate(cache.token());
        assertThat(cache.token().value()).isEqualTo("token-2");
    }

    @Test
    void token_fiftyThreadsAtExpiry_exactlyOneFetch() throws Exception {
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TokenCache cache = cache(request -> {
            fetching.countDown();
            await(release);
            return issue();
        });
        List<Thread> started = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(50, task -> {
            Thread thread = new Thread(task);
            started.add(thread);
            return thread;
        });
        try {
            List<Future<AccessToken>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                results.add(threads.submit(() -> cache.token()));
            }
            assertThat(fetching.await(5, TimeUnit.SECONDS)).isTrue();
            // the other 49 pile up behind the one fetch: every thread is parked, one in the fetch, 49 at the cache
            Awaitility.await("50 threads waiting").atMost(Duration.ofSeconds(10)).until(() -> started.size() == 50
                    && started.stream().map(Thread::getState).allMatch(state -> state == Thread.State.WAITING
                            || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED));
            release.countDown();
            for (Future<AccessToken> result : results) {
                assertThat(result.get(5, TimeUnit.SECONDS).value()).isEqualTo("token-1");
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(fetches).hasValue(1);
    }

    @Test
    void token_fetchFailsWhileOthersWaitForIt_theyGetItsFailureWithoutAskingAgain() throws Exception {
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TokenCache cache = cache(request -> {
            fetches.incrementAndGet();
            fetching.countDown();
            await(release);
            throw new IllegalStateException("Maskinporten down");
        });
        List<Thread> started = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(5, task -> {
            Thread thread = new Thread(task);
            started.add(thread);
            return thread;
        });
        try {
            List<Future<AccessToken>> results = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                results.add(threads.submit(() -> cache.token()));
            }
            assertThat(fetching.await(5, TimeUnit.SECONDS)).isTrue();
            Awaitility.await("5 threads waiting").atMost(Duration.ofSeconds(10)).until(() -> started.size() == 5
                    && started.stream().map(Thread::getState).allMatch(state -> state == Thread.State.WAITING
                            || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED));
            release.countDown();
            for (Future<AccessToken> result : results) {
                assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).hasRootCauseMessage("Maskinporten down");
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(fetches).as("the 4 waiting threads share the one failed fetch").hasValue(1);
        assertThatThrownBy(cache::token).hasMessageContaining("Maskinporten down");
        assertThat(fetches).as("a call after the failure asks again").hasValue(2);
    }

    @Test
    void token_fiftyThreadsInRefreshWindow_oneFetchWhileOthersKeepTheValidToken() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        TokenCache cache = cache(request -> {
            if (calls.incrementAndGet() > 1) {
                await(release);
            }
            return issue();
        });
        AccessToken first = cache.token();
        clock.advance(Duration.ofSeconds(105)); // 15 s left: refresh is due, the token is still usable
        ExecutorService threads = Executors.newFixedThreadPool(50);
        try {
            List<Future<AccessToken>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                results.add(threads.submit(() -> cache.token()));
            }
            int servedOld = 0;
            for (Future<AccessToken> result : results) {
                try {
                    if (result.get(2, TimeUnit.SECONDS) == first) {
                        servedOld++;
                    }
                } catch (java.util.concurrent.TimeoutException refresher) {
                    // the one thread that is refreshing
                }
            }
            assertThat(servedOld).isEqualTo(49);
            release.countDown();
        } finally {
            threads.shutdownNow();
        }
        assertThat(calls).hasValue(2);
    }

    @Test
    void token_otherScopes_otherTokenAndOwnCacheEntry() {
        TokenCache cache = cache(request -> issue());
        AccessToken kontakt = cache.token();
        AccessToken post = cache.token(new TokenRequest("krr:global/digitalpost.read", null, null));
        assertThat(post).isNotEqualTo(kontakt);
        assertThat(cache.token()).isSameAs(kontakt);
        assertThat(fetches).hasValue(2);
    }

    @Test
    void token_aTenantsRefusal_isNotTheOwnOrgsLastFailure_andRenewAsksAfresh() {
        TokenCache cache = cache(request -> {
            if ("910000001".equals(request.consumerOrg())) {
                throw new IllegalStateException("refused for the tenant");
            }
            return issue();
        });
        cache.token();
        assertThatThrownBy(() -> cache.token("910000001")).hasMessageContaining("refused for the tenant");
        assertThat(cache.lastFailure()).as("health maskinporten: the own org's token only").isNull();

        AccessToken tenant = cache.token("910000002");
        assertThat(cache.renew("910000002")).isNotEqualTo(tenant);
        assertThat(cache.token("910000002").value()).isEqualTo("token-3");
    }

    @Test
    void renew_theOwnOrgsCheckFails_theCachedTokenStaysInUse_andHealthTellsOfTheFailure() {
        AtomicInteger down = new AtomicInteger();
        TokenCache cache = cache(request -> {
            if (down.get() > 0) {
                throw new IllegalStateException("Maskinporten answered HTTP 503");
            }
            return issue();
        });
        AccessToken own = cache.token();
        down.set(1);

        assertThatThrownBy(() -> cache.renew(null)).hasMessageContaining("503");
        assertThat(cache.token()).as("not dropped by the failed check").isSameAs(own);
        assertThat(cache.lastFailure()).isEqualTo(java.util.Map.entry("Maskinporten answered HTTP 503", false));
        down.set(0);
        assertThat(cache.renew(null)).isNotEqualTo(own).isSameAs(cache.token());
        assertThat(cache.lastFailure()).isNull();
    }

    @Test
    void token_metrics_countHitsAndRequestsByOutcome() {
        TokenCache cache = cache(request -> issue());
        cache.token();
        cache.token();
        cache.token();
        assertThat(meters.get("gateway.token.requests").tag("outcome", "success").counter().count()).isEqualTo(1);
        assertThat(meters.get("gateway.token.cache.hits").counter().count()).isEqualTo(2);
        assertThat(meters.get("gateway.token.fetch").timer().count()).isEqualTo(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void accessTokenToString_neverShowsTheToken() {
        assertThat(new AccessToken("secret-token", Instant.EPOCH, Instant.EPOCH).toString())
                .doesNotContain("secret-token");
    }
}
