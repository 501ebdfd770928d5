// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import no.krrgateway.krr.KrrException;
import no.krrgateway.lookup.LookupWork;
import no.krrgateway.lookup.LookupWork.LookupItem;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LookupCoalescerTest {

    private final List<LookupWork> lookups = new CopyOnWriteArrayList<>();
    private final List<int[]> batches = new CopyOnWriteArrayList<>();
    private final List<String> audited = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private volatile RuntimeException failWith;
    /** While set, each lookup waits for it: the call slots stay busy. */
    private volatile CountDownLatch gate;
    /** By org: null (token at hand), else its token's fetch, just started. */
    private volatile Function<String, CompletableFuture<?>> tokens = org -> null;

    /** Answers each item with an error outcome whose message names the org, so tests can see what was asked. */
    private List<PersonOutcome> lookup(LookupWork work) {
        lookups.add(work);
        CountDownLatch holding = gate;
        if (holding != null) {
            try {
                holding.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failWith != null) {
            throw failWith;
        }
        return work.items().stream().<PersonOutcome>map(item -> new PersonOutcome.Error(item.context(),
                item.personId(), ErrorCode.INVALID_ID, "org=" + item.consumerOrg(), null)).toList();
    }

    private LookupCoalescer coalescer(Duration window, int maxBatch, int maxWaiting) {
        return coalescer(window, maxBatch, 4, maxWaiting, maxWaiting);
    }

    private LookupCoalescer coalescer(Duration window, int maxBatch, int slots, int maxWaiting, int perClient) {
        return new LookupCoalescer((work, callers) -> {
            batches.add(new int[] {work.items().size(), callers.size()});
            return lookup(work);
        }, new LookupCoalescer.Limits(window, maxBatch, slots, maxWaiting, perClient), timer, pool,
                org -> tokens.apply(org), (request, outcomes, gaveUp) -> audited.add(request.context().requestId()
                        + ":" + outcomes.size() + (gaveUp ? ":gave-up" : "")));
    }

    private static LookupCoalescer.Request request(String requestId, String org, String... ids) {
        return clientRequest("client", requestId, org, ids);
    }

    private static LookupCoalescer.Request clientRequest(String client, String requestId, String org,
                                                         String... ids) {
        return new LookupCoalescer.Request(List.of(ids), new RequestContext(requestId, "corr-" + requestId,
                new OutcomeSource.Api()), org, client);
    }

    private List<List<String>> lookedUpIds() {
        return lookups.stream().map(work -> work.items().stream().map(LookupItem::personId).toList()).toList();
    }

    @AfterEach
    void stop() {
        CountDownLatch holding = gate;
        if (holding != null) {
            holding.countDown();
        }
        timer.shutdownNow();
        pool.shutdownNow();
    }

    @Test
    void submit_requestsWithinTheWindow_oneLookupOfTheDistinctIdsAndEachCallerItsOwnOutcomesInOrder()
            throws Exception {
        var coalescer = coalescer(Duration.ofSeconds(1), 1000, 10_000);

        var a = coalescer.submit(request("a", null, "1", "2", "1"));
        var b = coalescer.submit(request("b", null, "3", "2"));
        var c = coalescer.submit(request("c", null, "4"));

        assertThat(a.get(10, TimeUnit.SECONDS)).extracting(PersonOutcome::personId).containsExactly("1", "2", "1");
        assertThat(a.get()).allSatisfy(o -> {
            assertThat(o.context().requestId()).isEqualTo("a");
            assertThat(o.context().correlationId()).isEqualTo("corr-a");
        });
        assertThat(b.get()).extracting(PersonOutcome::personId).containsExactly("3", "2");
        assertThat(b.get()).allSatisfy(o -> assertThat(o.context().requestId()).isEqualTo("b"));
        assertThat(c.get()).extracting(PersonOutcome::personId).containsExactly("4");
        assertThat(lookups).singleElement().satisfies(work -> assertThat(work.items())
                .extracting(LookupItem::personId).containsExactly("1", "2", "3", "4"));
        assertThat(batches).singleElement().satisfies(batch -> assertThat(batch).containsExactly(4, 3));
        // the callers are answered before the coalescer's run subtracts its batch from the waiting ids
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> coalescer.waitingIds() == 0);
    }

    @Test
    void submit_batchReachesMaxIds_goesAtOnceWithoutWaitingForTheWindow() throws Exception {
        var coalescer = coalescer(Duration.ofHours(1), 3, 10_000);

        var full = coalescer.submit(request("full", null, "1", "2", "3"));

        assertThat(full.get(10, TimeUnit.SECONDS)).hasSize(3);
        assertThat(lookups).hasSize(1);
    }

    @Test
    void submit_moreThanABatch_fullBatchesGoAtOnceAndTheRestAfterTheWindow() throws Exception {
        var coalescer = coalescer(Duration.ofMillis(300), 3, 10_000);

        var first = coalescer.submit(request("first", null, "1", "2"));
        var second = coalescer.submit(request("second", null, "2", "3", "4"));

        assertThat(first.get(10, TimeUnit.SECONDS)).hasSize(2);
        assertThat(second.get(10, TimeUnit.SECONDS)).extracting(PersonOutcome::personId)
                .containsExactly("2", "3", "4");
        // "2" is asked by both: once in the full batch; "4" did not fit and went after the window
        assertThat(lookedUpIds()).containsExactly(List.of("1", "2", "3"), List.of("4"));
    }

    @Test
    void submit_twoOrgs_neverInOneLookup() throws Exception {
        var coalescer = coalescer(Duration.ofMillis(100), 1000, 10_000);

        var plain = coalescer.submit(request("plain", null, "1"));
        var tenant = coalescer.submit(request("tenant", "910000001", "1", "2"));

        assertThat(plain.get(10, TimeUnit.SECONDS)).extracting(o -> ((PersonOutcome.Error) o).message())
                .containsExactly("org=null");
        assertThat(tenant.get(10, TimeUnit.SECONDS)).extracting(o -> ((PersonOutcome.Error) o).message())
                .containsExactly("org=910000001", "org=910000001");
        assertThat(lookups).hasSize(2).allSatisfy(work -> assertThat(
                work.items().stream().map(LookupItem::consumerOrg).distinct()).hasSize(1));
    }

    @Test
    void submit_overMaxWaitingIds_refusedWhileTheOthersWaitAndTakenAgainAfter() throws Exception {
        var coalescer = coalescer(Duration.ofMillis(300), 1000, 3);

        var waiting = coalescer.submit(request("a", null, "1", "2"));
        assertThatThrownBy(() -> coalescer.submit(request("b", null, "3", "4")))
                .isInstanceOf(LookupCoalescer.Overloaded.class);
        assertThat(coalescer.waitingIds()).isEqualTo(2);

        waiting.get(10, TimeUnit.SECONDS);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> coalescer.waitingIds() == 0);
        assertThat(coalescer.submit(request("c", null, "3", "4")).get(10, TimeUnit.SECONDS)).hasSize(2);
    }

    @Test
    void submit_lookupFails_everyCallerOfTheBatchGetsTheFailure() {
        failWith = new KrrException.Unavailable(503, "KRR answered HTTP 503", null);
        var coalescer = coalescer(Duration.ofMillis(50), 1000, 10_000);

        List<CompletableFuture<List<PersonOutcome>>> answers = new ArrayList<>();
        answers.add(coalescer.submit(request("a", null, "1")));
        answers.add(coalescer.submit(request("b", null, "2")));

        for (var answer : answers) {
            assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(KrrException.Unavailable.class);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> coalescer.waitingIds() == 0);
    }

    @Test
    void submit_lightLoad_goesWhenTheWindowHasPassed() throws Exception {
        var coalescer = coalescer(Duration.ofMillis(200), 1000, 10_000);
        long started = System.nanoTime();

        coalescer.submit(request("a", null, "1")).get(10, TimeUnit.SECONDS);

        assertThat(System.nanoTime() - started).as("waited its window").isGreaterThanOrEqualTo(
                Duration.ofMillis(200).toNanos());
        assertThat(lookups).hasSize(1);
    }

    @Test
    void submit_everySlotBusy_keepsGatheringAndSendsOneBatchWhenASlotIsFree() throws Exception {
        gate = new CountDownLatch(1);
        var coalescer = coalescer(Duration.ofMillis(10), 1000, 1, 10_000, 10_000);
        var first = coalescer.submit(request("first", null, "1"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lookups.size() == 1);

        // the only slot is busy: these wait many windows, and still go as one batch
        List<CompletableFuture<List<PersonOutcome>>> waiting = new ArrayList<>();
        for (int i = 2; i <= 6; i++) {
            waiting.add(coalescer.submit(request("r" + i, null, Integer.toString(i))));
            Thread.sleep(30); // the scenario itself: windows pass while the slot is busy
        }
        assertThat(lookups).hasSize(1);
        gate.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).hasSize(1);
        for (var answer : waiting) {
            assertThat(answer.get(10, TimeUnit.SECONDS)).hasSize(1);
        }
        assertThat(lookedUpIds()).containsExactly(List.of("1"), List.of("2", "3", "4", "5", "6"));
    }

    @Test
    void submit_oneClientFloods_anotherClientsIdGoesInTheNextBatch() throws Exception {
        gate = new CountDownLatch(1);
        var coalescer = coalescer(Duration.ofMillis(10), 4, 1, 10_000, 10_000);
        List<CompletableFuture<List<PersonOutcome>>> flood = new ArrayList<>();
        for (int r = 0; r < 5; r++) {
            String[] ids = new String[4];
            for (int i = 0; i < 4; i++) {
                ids[i] = "f" + r + "-" + i;
            }
            flood.add(coalescer.submit(clientRequest("flooder", "flood-" + r, null, ids)));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lookups.size() == 1);
        var single = coalescer.submit(clientRequest("other", "single", null, "s"));
        gate.countDown();

        assertThat(single.get(10, TimeUnit.SECONDS)).extracting(PersonOutcome::personId).containsExactly("s");
        for (var answer : flood) {
            assertThat(answer.get(10, TimeUnit.SECONDS)).hasSize(4);
        }
        assertThat(lookedUpIds()).hasSize(6);
        assertThat(lookedUpIds().get(1)).as("the batch after the busy one takes the other client's id in turn")
                .contains("s").hasSize(4);
    }

    @Test
    void submit_oneOrgFloods_anotherOrgsIdGoesInTheNextCall() throws Exception {
        gate = new CountDownLatch(1);
        // no window: every waiting request is due at once, so only the turn order decides who takes the freed slot
        var coalescer = coalescer(Duration.ZERO, 4, 1, 10_000, 10_000);
        List<CompletableFuture<List<PersonOutcome>>> flood = new ArrayList<>();
        for (int r = 0; r < 5; r++) {
            flood.add(coalescer.submit(request("flood-" + r, "910000001", "f" + r + "-0", "f" + r + "-1",
                    "f" + r + "-2", "f" + r + "-3")));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lookups.size() == 1);
        var single = coalescer.submit(clientRequest("other", "single", "910000002", "s"));
        gate.countDown();

        assertThat(single.get(10, TimeUnit.SECONDS)).extracting(PersonOutcome::personId).containsExactly("s");
        for (var answer : flood) {
            assertThat(answer.get(10, TimeUnit.SECONDS)).hasSize(4);
        }
        assertThat(lookedUpIds()).hasSize(6);
        assertThat(lookedUpIds().get(1)).as("the call after the busy one is the org never served, not the flooding "
                + "one again").containsExactly("s");
    }

    @Test
    void submit_overTheClientsCap_refusedForThatClientOnly() throws Exception {
        gate = new CountDownLatch(1);
        var coalescer = coalescer(Duration.ofMillis(10), 1000, 1, 10, 3);

        var waiting = coalescer.submit(clientRequest("flooder", "a", null, "1", "2", "3"));
        assertThatThrownBy(() -> coalescer.submit(clientRequest("flooder", "b", null, "4")))
                .isInstanceOf(LookupCoalescer.Overloaded.class)
                .hasMessageContaining("gateway.api.max-waiting-ids-per-client");
        var other = coalescer.submit(clientRequest("other", "c", null, "5", "6", "7"));
        gate.countDown();

        assertThat(waiting.get(10, TimeUnit.SECONDS)).hasSize(3);
        assertThat(other.get(10, TimeUnit.SECONDS)).hasSize(3);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> coalescer.waitingIds() == 0);
    }

    @Test
    void cancel_callerGivesUp_idsNotYetSentWithdrawnAndThoseInFlightStillAudited() throws Exception {
        gate = new CountDownLatch(1);
        var coalescer = coalescer(Duration.ofMillis(10), 2, 1, 10_000, 10_000);
        var gaveUp = coalescer.submit(request("gave-up", null, "1", "2", "3", "4", "5"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lookups.size() == 1);

        gaveUp.cancel(false);
        assertThat(coalescer.waitingIds()).as("still in flight").isEqualTo(5);
        gate.countDown();

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> coalescer.waitingIds() == 0);
        assertThat(lookedUpIds()).as("3, 4, 5 were never sent").containsExactly(List.of("1", "2"));
        assertThat(audited).containsExactly("gave-up:2:gave-up");
        var later = coalescer.submit(request("later", null, "6"));
        assertThat(later.get(10, TimeUnit.SECONDS)).hasSize(1);
        assertThat(audited).containsExactly("gave-up:2:gave-up", "later:1");
    }

    @Test
    void submit_anOrgsTokenBeingFetched_itsBatchesHoldNoSlotAnotherOrgGoes_thenTheyGoOnceTheFetchEndsEvenFailed()
            throws Exception {
        var fetch = new CompletableFuture<Void>();
        var fetchesStarted = new AtomicInteger();
        tokens = org -> "910000001".equals(org) && !fetch.isDone() ? fetchFor(fetch, fetchesStarted) : null;
        var coalescer = coalescer(Duration.ofMillis(10), 2, 1, 10_000, 10_000); // one call slot

        var slow = coalescer.submit(request("slow", "910000001", "1", "2", "3", "4")); // two batches' worth
        var other = coalescer.submit(request("other", "910000002", "5"));

        assertThat(other.get(10, TimeUnit.SECONDS)).hasSize(1);
        assertThat(slow).as("waits for its org's token").isNotDone();
        assertThat(lookedUpIds()).containsExactly(List.of("5"));
        assertThat(fetchesStarted).as("one fetch per org at a time, however often it is dispatched").hasValue(1);

        fetch.completeExceptionally(new IllegalStateException("Maskinporten down")); // the lookup then reports it
        assertThat(slow.get(10, TimeUnit.SECONDS)).extracting(PersonOutcome::personId)
                .containsExactly("1", "2", "3", "4");
        assertThat(fetchesStarted).hasValue(1);
    }

    @Test
    void cancel_callerGivesUpWhileItsOrgsTokenIsFetched_nothingOfItLookedUp() throws Exception {
        var fetch = new CompletableFuture<Void>();
        tokens = org -> "910000001".equals(org) && !fetch.isDone() ? fetch : null;
        var coalescer = coalescer(Duration.ofMillis(10), 2, 1, 10_000, 10_000);

        var slow = coalescer.submit(request("slow", "910000001", "1", "2"));
        slow.cancel(false);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> coalescer.waitingIds() == 0);
        fetch.complete(null);

        assertThat(coalescer.submit(request("next", "910000001", "3")).get(10, TimeUnit.SECONDS)).hasSize(1);
        assertThat(lookedUpIds()).containsExactly(List.of("3"));
        assertThat(audited).as("nothing of slow was looked up").containsExactly("next:1");
    }

    private static CompletableFuture<?> fetchFor(CompletableFuture<Void> fetch, AtomicInteger started) {
        started.incrementAndGet();
        return fetch;
    }
}
