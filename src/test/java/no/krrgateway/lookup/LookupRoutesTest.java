// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import no.krrgateway.id.PersonIdValidator;
import no.krrgateway.krr.KrrBatch;
import no.krrgateway.krr.KrrClient;
import no.krrgateway.krr.KrrException;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.lookup.LookupWork.LookupItem;
import no.krrgateway.maskinporten.TokenRequestException;
import no.krrgateway.metrics.LookupMetrics;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.support.TestIds;
import no.krrgateway.tenant.TenantRefusals;
import no.krrgateway.tenant.TokenRenewals;
import no.krrgateway.verdict.Section32Rule;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The routes of routes/lookup-batch.camel.yaml on Camel alone: route krr-halving's send to direct:krr-call is
 * replaced (AdviceWith) by a KRR stub, so the split, the halving, the order of the outcomes and the failure rule are
 * proven without the simulator. The shared call pool has ONE thread: a lookup or a halving that waited for the pool
 * from inside it would hang here.
 */
class LookupRoutesTest {

    private static final RequestContext CONTEXT = new RequestContext("r-1", null, new OutcomeSource.Kafka("t", 0, 0));
    private static final int BATCH_SIZE = 8;

    private final ExecutorService pool = Executors.newFixedThreadPool(1, task -> new Thread(task, "krr-call-test"));
    private final LookupAvailability availability = new LookupAvailability(Clock.systemUTC());
    private final List<KrrBatch> calls = new CopyOnWriteArrayList<>();
    private final List<String> callThreads = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private volatile Function<KrrBatch, Map<String, KrrPerson>> krr;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SimpleMeterRegistry lookupMeters = new SimpleMeterRegistry();
    private final TokenRenewals tokenRetries = new TokenRenewals(null);
    /** Each org's token, before the calls. */
    private volatile Consumer<String> tokens = org -> { };
    private final TenantRefusals tenantRefusals = new TenantRefusals(org -> tokens.accept(org), tokenRetries,
            Duration.ofMillis(200), Duration.ofSeconds(1), Clock.systemUTC(), meters,
            Executors.newSingleThreadScheduledExecutor());
    private DefaultCamelContext camel;
    private ProducerTemplate lookup;

    @BeforeEach
    void startRoutes() throws Exception {
        camel = new DefaultCamelContext();
        var registry = camel.getRegistry();
        registry.bind("krrCallPool", pool);
        registry.bind("lookupPlanner", new LookupPlan.Planner(new PersonIdValidator(true), BATCH_SIZE,
                new Section32Rule(Clock.systemUTC(), Period.ofMonths(18))));
        registry.bind("lookupAvailability", availability);
        registry.bind("tenantRefusals", tenantRefusals);
        registry.bind("lookupMetrics", new LookupMetrics(lookupMeters));
        var loader = PluginHelper.getRoutesLoader(camel);
        loader.loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:routes/error-policy.camel.yaml"),
                ResourceHelper.resolveMandatoryResource(camel, "file:routes/lookup-batch.camel.yaml"));
        AdviceWith.adviceWith(camel, "krr-halving", route -> route.weaveByToUri("direct:krr-call").replace()
                .process(exchange -> exchange.getMessage().setBody(
                        new KrrClient.Reply(call(exchange.getMessage().getBody(KrrBatch.class)), null))));
        camel.start();
        lookup = camel.createProducerTemplate();
        krr = batch -> batch.ids().stream().collect(Collectors.toMap(id -> id, KrrPersons::active));
    }

    @AfterEach
    void stop() {
        camel.stop();
        pool.shutdownNow();
        tenantRefusals.close();
    }

    @Test
    void lookup_rejectedCalls_onlyTheBadIdsRejectedAndEveryOutcomeInInputOrder() {
        List<String> ids = TestIds.valid(40, 50);
        Set<String> bad = Set.of(ids.get(3), ids.get(17), ids.get(33));
        krr = rejecting(bad);
        List<String> items = new ArrayList<>(ids);
        items.add(5, "12345678901");
        items.add(ids.get(17));

        List<PersonOutcome> outcomes = lookup(items);

        assertThat(outcomes).extracting(PersonOutcome::personId).containsExactlyElementsOf(items);
        assertThat(outcomes).filteredOn(o -> o instanceof PersonOutcome.Error e && e.code() == ErrorCode.KRR_REJECTED)
                .extracting(PersonOutcome::personId).containsExactlyInAnyOrder(ids.get(3), ids.get(17), ids.get(33),
                        ids.get(17));
        assertThat(((PersonOutcome.Error) outcomes.get(5)).code()).isEqualTo(ErrorCode.INVALID_ID);
        assertThat(outcomes).filteredOn(o -> o instanceof PersonOutcome.Result)
                .hasSize(37).allSatisfy(o -> assertThat(((PersonOutcome.Result) o).krr().statusText()).isEqualTo("AKTIV"));
        assertThat(calls).allSatisfy(call -> assertThat(call.size()).isBetween(1, BATCH_SIZE));
        assertThat(calls).filteredOn(call -> call.size() == BATCH_SIZE).as("the planned calls").hasSize(5);
        assertThat(calls).filteredOn(call -> call.size() == 1).as("single ids asked when halving")
                .extracting(call -> call.ids().get(0)).containsAll(bad);
        assertThat(callThreads).as("every call on the shared pool").containsOnly("krr-call-test");
        assertThat(availability.current().state()).isEqualTo(LookupAvailability.State.UP);
    }

    @Test
    void lookup_aCallFails_theLookupFailsWithThatExceptionAndIntakeIsHeldBackUntilALookupSucceeds() {
        KrrException.Unavailable down = new KrrException.Unavailable(503, "KRR answered HTTP 503", null);
        krr = batch -> {
            throw down;
        };

        assertThatThrownBy(() -> lookup(TestIds.valid(40, 51)))
                .isInstanceOf(CamelExecutionException.class)
                .satisfies(e -> assertThat(e.getCause()).isSameAs(down));
        assertThat(availability.current().state()).isEqualTo(LookupAvailability.State.DEGRADED);
        assertThat(availability.current().code()).isEqualTo(ErrorCode.KRR_UNAVAILABLE);
        assertThat(calls).as("the split stops: calls not yet started are not made").hasSizeLessThan(5);

        krr = batch -> Map.of();
        assertThat(lookup(TestIds.valid(3, 52))).hasSize(3);
        assertThat(availability.current().state()).isEqualTo(LookupAvailability.State.UP);
        // the route policy lookupMetrics: every id in, only the answered lookup's outcomes out
        assertThat(lookupMeters.get("gateway.ids.received").counter().count()).isEqualTo(43);
        assertThat(lookupMeters.get("gateway.outcomes").counters()).extracting(c -> c.count()).containsExactly(3.0);
    }

    @Test
    void lookup_answeredWhileCamelStops_itsOutcomesCounted() throws Exception {
        CountDownLatch krrAnswers = new CountDownLatch(1);
        krr = batch -> {
            try {
                krrAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return batch.ids().stream().collect(Collectors.toMap(id -> id, KrrPersons::active));
        };
        CompletableFuture<List<PersonOutcome>> answer = CompletableFuture.supplyAsync(
                () -> lookup(TestIds.valid(3, 53)));
        Awaitility.await().until(() -> !calls.isEmpty());
        // a stop (SIGTERM) waits for the lookups in flight: their outcomes go out, and are counted
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(camel::stop);
        Awaitility.await().until(camel::isStopping);
        krrAnswers.countDown();

        assertThat(answer.get(10, TimeUnit.SECONDS)).hasSize(3);
        stopping.get(10, TimeUnit.SECONDS);
        assertThat(lookupMeters.get("gateway.ids.received").counter().count()).isEqualTo(3);
        assertThat(lookupMeters.get("gateway.outcomes").counters()).extracting(c -> c.count()).containsExactly(3.0);
    }

    @Test
    void lookup_aCallFailsWithAFaultOfItsOwn_theLookupFailsWithItAndIntakeIsNotHeldBack() {
        IllegalStateException bug = new IllegalStateException("a fault of the gateway's own");
        krr = batch -> {
            throw bug;
        };

        assertThatThrownBy(() -> lookup(TestIds.valid(8, 55)))
                .satisfies(e -> assertThat(e.getCause()).isSameAs(bug));
        assertThat(availability.current().state()).isEqualTo(LookupAvailability.State.UP);
    }

    @Test
    void lookup_krrMisconfigured_notHalvedAndTheLookupFails() {
        krr = batch -> {
            throw new KrrException.Misconfigured(404, URI.create("http://krr.invalid/rest/v2/personer"));
        };

        assertThatThrownBy(() -> lookup(TestIds.valid(8, 53)))
                .satisfies(e -> assertThat(e.getCause()).isInstanceOf(KrrException.Misconfigured.class));
        assertThat(calls).as("one call, not a halving of the batch").hasSize(1);
        assertThat(availability.current().state()).isEqualTo(LookupAvailability.State.DOWN);
    }

    @Test
    void lookup_noValidId_noCallAndEveryItemAnswered() {
        List<PersonOutcome> outcomes = lookup(TestIds.invalid(4, 54));

        assertThat(outcomes).hasSize(4);
        assertThat(calls).isEmpty();
    }

    /** As Kafka consumers, file workers and API requests do: many lookups at once, all on one bounded pool. */
    @Test
    void lookup_manyLookupsAtOnceWithHalving_allAnsweredAndCallsNeverOverThePool() throws Exception {
        List<List<String>> works = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            List<String> ids = TestIds.valid(24, 60 + i);
            works.add(ids);
            bad.add(ids.get(i));
        }
        krr = rejecting(Set.copyOf(bad));
        ExecutorService consumers = Executors.newFixedThreadPool(works.size());
        try {
            List<CompletableFuture<List<PersonOutcome>>> lookups = works.stream()
                    .map(ids -> CompletableFuture.supplyAsync(() -> lookup(ids), consumers)).toList();

            for (int i = 0; i < works.size(); i++) {
                List<PersonOutcome> outcomes = lookups.get(i).get(2, TimeUnit.MINUTES);
                assertThat(outcomes).extracting(PersonOutcome::personId).containsExactlyElementsOf(works.get(i));
                assertThat(outcomes).filteredOn(o -> o instanceof PersonOutcome.Error)
                        .extracting(PersonOutcome::personId).containsExactly(bad.get(i));
            }
        } finally {
            consumers.shutdownNow();
        }
        assertThat(mostInFlight.get()).as("KRR calls in flight at once").isEqualTo(1);
    }

    @Test
    void lookup_maskinportenRefusesATenantsGrant_itsIdsRejectedAtOnceOthersAnsweredNoOneHeldBack() {
        List<String> own = TestIds.valid(3, 56);
        List<String> refused = TestIds.valid(25, 57);
        List<String> other = TestIds.valid(3, 58);
        tokenRetries.failWith(new TokenRequestException.Rejected(400, "invalid_grant", "MP-999",
                "Maskinporten refused the grant: HTTP 400 invalid_grant MP-999: consumer has withdrawn the "
                        + "delegation"));
        krr = batch -> {
            RuntimeException refusal = tokenRetries.failure(); // Maskinporten refuses the tenant until this is null
            if ("910000001".equals(batch.consumerOrg()) && refusal != null) {
                throw refusal;
            }
            return batch.ids().stream().collect(Collectors.toMap(id -> id, KrrPersons::active));
        };
        List<LookupItem> items = new ArrayList<>();
        own.forEach(id -> items.add(new LookupItem(id, CONTEXT, null)));
        refused.forEach(id -> items.add(new LookupItem(id, CONTEXT, "910000001")));
        other.forEach(id -> items.add(new LookupItem(id, CONTEXT, "910000002")));

        List<PersonOutcome> outcomes = lookupItems(items);

        assertThat(outcomes).extracting(PersonOutcome::personId).containsExactlyElementsOf(items.stream()
                .map(LookupItem::personId).toList());
        assertThat(outcomes.subList(3, 28)).allSatisfy(outcome -> {
            PersonOutcome.Error error = (PersonOutcome.Error) outcome;
            assertThat(error.code()).isEqualTo(ErrorCode.CONSUMER_ORG_REJECTED);
            assertThat(error.message()).contains("invalid_grant MP-999").doesNotContain("withdrawn");
        });
        assertThat(outcomes.subList(0, 3)).allSatisfy(o -> assertThat(o).isInstanceOf(PersonOutcome.Result.class));
        assertThat(outcomes.subList(28, 31)).allSatisfy(o -> assertThat(o).isInstanceOf(PersonOutcome.Result.class));
        assertThat(availability.current().state()).as("no one held back").isEqualTo(LookupAvailability.State.UP);
        assertThat(tenantRefusals.refused()).containsOnlyKeys("910000001");

        int callsBefore = calls.size();
        assertThat(lookupItems(refused.subList(0, 2).stream().map(id -> new LookupItem(id, CONTEXT, "910000001"))
                .toList())).allSatisfy(outcome -> assertThat(((PersonOutcome.Error) outcome).code())
                .isEqualTo(ErrorCode.CONSUMER_ORG_REJECTED));
        assertThat(calls).as("a refused tenant's ids answered without a call").hasSize(callsBefore);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> tokenRetries.orgs().size() >= 2);
        assertThat(tokenRetries.orgs()).as("its token tried again in the background").containsOnly("910000001");
        assertThat(meters.counter("gateway.tenant.rejections", "org", "910000001").count())
                .as("the refusal and the refused background tries").isGreaterThanOrEqualTo(3);

        tokenRetries.failWith(null);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> tenantRefusals.refused().isEmpty());
        assertThat(lookupItems(refused.subList(0, 2).stream().map(id -> new LookupItem(id, CONTEXT, "910000001"))
                .toList())).allSatisfy(o -> assertThat(o).isInstanceOf(PersonOutcome.Result.class));
    }

    @Test
    void lookup_eachOrgsTokenOnTheLookupsOwnThreadBeforeItsCalls_aTenantsMaskinporten503RefusesItAlone() {
        List<String> tokenThreads = new CopyOnWriteArrayList<>();
        List<String> orgs = new CopyOnWriteArrayList<>();
        tokens = org -> {
            tokenThreads.add(Thread.currentThread().getName());
            orgs.add(String.valueOf(org));
            if ("910000001".equals(org)) {
                throw new TokenRequestException.Unavailable(503, "Maskinporten answered HTTP 503", null);
            }
        };
        List<LookupItem> items = new ArrayList<>();
        TestIds.valid(3, 62).forEach(id -> items.add(new LookupItem(id, CONTEXT, null)));
        TestIds.valid(20, 63).forEach(id -> items.add(new LookupItem(id, CONTEXT, "910000001")));
        TestIds.valid(3, 64).forEach(id -> items.add(new LookupItem(id, CONTEXT, "910000002")));

        List<PersonOutcome> outcomes = lookupItems(items);

        assertThat(tokenThreads).as("not on the call pool: a slow token holds no call slot").hasSize(3)
                .doesNotContain("krr-call-test");
        assertThat(orgs).containsExactlyInAnyOrder("null", "910000001", "910000002");
        assertThat(outcomes.subList(3, 23)).allSatisfy(outcome -> assertThat(((PersonOutcome.Error) outcome).message())
                .isEqualTo("Maskinporten issued no token for this consumerOrg (HTTP 503); nothing was looked up"));
        assertThat(calls).as("none for the refused tenant").noneMatch(call -> "910000001".equals(call.consumerOrg()));
        assertThat(outcomes.subList(0, 3)).allSatisfy(o -> assertThat(o).isInstanceOf(PersonOutcome.Result.class));
        assertThat(outcomes.subList(23, 26)).allSatisfy(o -> assertThat(o).isInstanceOf(PersonOutcome.Result.class));
        assertThat(tokenRetries.orgs()).as("the own org's token asked afresh: Maskinporten serves it").containsNull();
        assertThat(availability.current().state()).as("no one held back").isEqualTo(LookupAvailability.State.UP);
    }

    @Test
    void lookup_krrAnswers403ToATenantsToken_itsIdsRejected_theOwnOrgs403HoldsEveryoneBack() {
        krr = batch -> {
            throw new KrrException.AccessDenied(403);
        };

        List<PersonOutcome> outcomes = lookupItems(TestIds.valid(3, 59).stream()
                .map(id -> new LookupItem(id, CONTEXT, "910000001")).toList());

        assertThat(outcomes).allSatisfy(outcome -> assertThat(((PersonOutcome.Error) outcome).message())
                .contains("KRR refused this consumerOrg's token (HTTP 403)"));
        assertThat(availability.current().state()).isEqualTo(LookupAvailability.State.UP);

        assertThatThrownBy(() -> lookup(TestIds.valid(3, 60)))
                .satisfies(e -> assertThat(e.getCause()).isInstanceOf(KrrException.AccessDenied.class));
        assertThat(availability.current().state()).as("the own org: held back as before")
                .isEqualTo(LookupAvailability.State.DOWN);
    }

    @Test
    void lookup_maskinportenRefusesTheOwnOrgsGrant_theLookupFailsAndIntakeIsHeldBack() {
        krr = batch -> {
            throw new TokenRequestException.Rejected(400, "invalid_grant", "MP-100", "Maskinporten refused the grant");
        };

        assertThatThrownBy(() -> lookup(TestIds.valid(3, 61)))
                .satisfies(e -> assertThat(e.getCause()).isInstanceOf(TokenRequestException.Rejected.class));
        assertThat(availability.current().code()).isEqualTo(ErrorCode.TOKEN_REJECTED);
        assertThat(tenantRefusals.refused()).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private List<PersonOutcome> lookup(List<String> ids) {
        var work = new LookupWork(ids.stream().map(id -> new LookupItem(id, CONTEXT)).toList(), List.of());
        return lookup.requestBody("direct:lookup", work, List.class);
    }

    @SuppressWarnings("unchecked")
    private List<PersonOutcome> lookupItems(List<LookupItem> items) {
        return lookup.requestBody("direct:lookup", new LookupWork(items, List.of()), List.class);
    }

    private Map<String, KrrPerson> call(KrrBatch batch) {
        calls.add(batch);
        callThreads.add(Thread.currentThread().getName());
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            return krr.apply(batch);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static Function<KrrBatch, Map<String, KrrPerson>> rejecting(Set<String> bad) {
        return batch -> {
            if (batch.ids().stream().anyMatch(bad::contains)) {
                throw new KrrException.Rejected(400);
            }
            return batch.ids().stream().collect(Collectors.toMap(id -> id, KrrPersons::active));
        };
    }
}
