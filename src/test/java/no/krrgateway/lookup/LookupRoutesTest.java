// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import no.krrgateway.audit.AuditProperties;
import no.krrgateway.audit.AuditTrail;
import no.krrgateway.id.PersonIdValidator;
import no.krrgateway.krr.KrrBatch;
import no.krrgateway.krr.KrrReply;
import no.krrgateway.krr.KrrMisconfiguredException;
import no.krrgateway.krr.KrrRejectedException;
import no.krrgateway.krr.KrrUnavailableException;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.metrics.LookupMetrics;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.support.TestIds;
import no.krrgateway.verdict.Section32Rule;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
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
    private DefaultCamelContext camel;
    private ProducerTemplate lookup;

    @BeforeEach
    void startRoutes() throws Exception {
        camel = new DefaultCamelContext();
        var registry = camel.getRegistry();
        registry.bind("krrCallPool", pool);
        registry.bind("lookupPlanner", new LookupPlanner(new PersonIdValidator(true), BATCH_SIZE,
                new Section32Rule(Clock.systemUTC(), Period.ofMonths(18))));
        registry.bind("krrAnswers", new GroupedBodyAggregationStrategy());
        registry.bind("rejectionHalving", new RejectionHalving());
        registry.bind("lookupAvailability", availability);
        registry.bind("lookupMetrics", new LookupMetrics(new SimpleMeterRegistry()));
        registry.bind("auditTrail", new AuditTrail(Clock.systemUTC(), new ObjectMapper(), null,
                new AuditProperties(false, null)));
        var loader = PluginHelper.getRoutesLoader(camel);
        loader.loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:routes/error-policy.camel.yaml"),
                ResourceHelper.resolveMandatoryResource(camel, "file:routes/lookup-batch.camel.yaml"));
        AdviceWith.adviceWith(camel, "krr-halving", route -> route.weaveByToUri("direct:krr-call").replace()
                .process(exchange -> exchange.getMessage().setBody(
                        KrrReply.unsigned(call(exchange.getMessage().getBody(KrrBatch.class))))));
        camel.start();
        lookup = camel.createProducerTemplate();
        krr = batch -> batch.ids().stream().collect(Collectors.toMap(id -> id, KrrPersons::active));
    }

    @AfterEach
    void stop() {
        camel.stop();
        pool.shutdownNow();
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
        KrrUnavailableException down = new KrrUnavailableException(503, "KRR answered HTTP 503", null);
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
            throw new KrrMisconfiguredException(404, "KRR answered HTTP 404: check gateway.krr.base-url");
        };

        assertThatThrownBy(() -> lookup(TestIds.valid(8, 53)))
                .satisfies(e -> assertThat(e.getCause()).isInstanceOf(KrrMisconfiguredException.class));
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

    @SuppressWarnings("unchecked")
    private List<PersonOutcome> lookup(List<String> ids) {
        var work = new LookupWork(ids.stream().map(id -> new LookupItem(id, CONTEXT)).toList(), List.of());
        return lookup.requestBody("direct:lookup", work, List.class);
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
                throw new KrrRejectedException(400, "KRR rejected the batch with HTTP 400");
            }
            return batch.ids().stream().collect(Collectors.toMap(id -> id, KrrPersons::active));
        };
    }
}
