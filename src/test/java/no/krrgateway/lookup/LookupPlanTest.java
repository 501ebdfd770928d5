// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.krrgateway.id.PersonIdValidator;
import no.krrgateway.krr.KrrBatch;
import no.krrgateway.krr.KrrClient;
import no.krrgateway.krr.model.KrrAnswer;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.lookup.LookupPlan.BatchAnswer;
import no.krrgateway.lookup.LookupWork.LookupItem;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.OutcomeSource;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.outcome.RequestContext;
import no.krrgateway.support.TestIds;
import no.krrgateway.verdict.Section32Rule;
import org.junit.jupiter.api.Test;

class LookupPlanTest {

    private static final RequestContext CONTEXT = new RequestContext("r-1", null, new OutcomeSource.Kafka("t", 0, 0));
    private static final PersonIdValidator VALIDATOR = new PersonIdValidator(true);
    private static final Section32Rule RULE = new Section32Rule(Clock.systemUTC(), Period.ofMonths(18));
    private static final LookupPlan.Planner PLANNER = new LookupPlan.Planner(VALIDATOR, 1000, RULE);

    @Test
    void of_idsOfTwoCustomersAndTheDefault_eachBatchHoldsOneCustomersUniqueIds() {
        List<String> ids = TestIds.valid(30, 33);
        List<LookupItem> items = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            items.add(new LookupItem(ids.get(i), CONTEXT, i % 3 == 0 ? null : i % 3 == 1 ? "910000001" : "910000002"));
        }
        // The same id for two customers is looked up for each: they may have different access.
        items.add(new LookupItem(ids.get(1), CONTEXT, "910000002"));

        LookupPlan plan = PLANNER.plan(new LookupWork(items, List.of()));

        assertThat(plan.batches()).hasSize(3);
        Map<String, Set<String>> expected = new HashMap<>();
        items.forEach(item -> expected.computeIfAbsent(String.valueOf(item.consumerOrg()), o -> new HashSet<>())
                .add(item.personId()));
        for (KrrBatch batch : plan.batches()) {
            assertThat(batch.ids()).doesNotHaveDuplicates();
            assertThat(Set.copyOf(batch.ids())).isEqualTo(expected.get(String.valueOf(batch.consumerOrg())));
        }
        assertThat(plan.batches()).extracting(KrrBatch::consumerOrg)
                .containsExactlyInAnyOrder(null, "910000001", "910000002");
    }

    @Test
    void of_repeatsAndInvalidIds_eachUniqueValidIdAskedOnceInBatchesOfAtMostTheBatchSize() {
        List<String> unique = TestIds.valid(2500, 32);
        List<String> ids = new ArrayList<>(unique);
        ids.add(unique.get(0));
        ids.add("12345678901");
        ids.add(unique.get(1));

        LookupPlan plan = PLANNER.plan(work(ids));

        assertThat(plan.batches()).hasSize(3).allSatisfy(batch -> assertThat(batch.size()).isLessThanOrEqualTo(1000));
        assertThat(plan.batches().stream().flatMap(batch -> batch.ids().stream()))
                .containsExactlyInAnyOrderElementsOf(unique);
    }

    @Test
    void outcomes_decidedFirstThenOnePerItemInOrder_invalidRejectedLeftOutAndFound() {
        List<String> ids = TestIds.valid(6, 40);
        List<String> items = new ArrayList<>(ids);
        items.add(2, "12345678901");
        items.add(ids.get(3));
        PersonOutcome decided = new PersonOutcome.Error(CONTEXT, null, ErrorCode.MALFORMED_REQUEST, "bad", "x");
        LookupWork work = new LookupWork(items.stream().map(id -> new LookupItem(id, CONTEXT)).toList(),
                List.of(decided));
        LookupPlan plan = new LookupPlan.Planner(VALIDATOR, 4, RULE).plan(work);
        assertThat(plan.batches()).extracting(KrrBatch::size).containsExactly(4, 2);

        // KRR found ids 0, 3 and 5, left out 1 and 2, and rejected 4 (found by halving).
        Map<String, KrrPerson> first = Map.of(ids.get(0), KrrPersons.active(ids.get(0)),
                ids.get(3), KrrPersons.active(ids.get(3)));
        BatchAnswer second = BatchAnswer.rejected(ids.get(4), "KRR rejected the batch with HTTP 400")
                .plus(new BatchAnswer(Map.of(ids.get(5), KrrPersons.active(ids.get(5))), Map.of(), Map.of(), Map.of()));
        List<PersonOutcome> outcomes = PLANNER.verdicts(plan,
                List.of(new BatchAnswer(first, Map.of(), Map.of(), Map.of()), second));

        assertThat(outcomes).hasSize(1 + items.size());
        assertThat(outcomes.get(0)).isSameAs(decided);
        assertThat(outcomes.subList(1, outcomes.size())).extracting(PersonOutcome::personId)
                .containsExactlyElementsOf(items);
        assertThat(status(outcomes.get(1))).isEqualTo("AKTIV");
        assertThat(status(outcomes.get(2))).isEqualTo("IKKE_REGISTRERT");
        assertThat(((PersonOutcome.Error) outcomes.get(3)).code()).isEqualTo(ErrorCode.INVALID_ID);
        assertThat(status(outcomes.get(4))).isEqualTo("IKKE_REGISTRERT");
        assertThat(status(outcomes.get(5))).isEqualTo("AKTIV");
        PersonOutcome.Error rejected = (PersonOutcome.Error) outcomes.get(6);
        assertThat(rejected.code()).isEqualTo(ErrorCode.KRR_REJECTED);
        assertThat(rejected.message()).isEqualTo("KRR rejected the batch with HTTP 400");
        assertThat(status(outcomes.get(7))).isEqualTo("AKTIV");
        assertThat(status(outcomes.get(8))).as("the repeated id, answered as its first").isEqualTo("AKTIV");
        assertThat(outcomes).filteredOn(o -> o instanceof PersonOutcome.Result).allSatisfy(o ->
                assertThat(((PersonOutcome.Result) o).verdict()).isNotNull());
    }

    @Test
    void outcomes_sameIdForTwoCustomers_eachAnsweredFromItsOwnCall() {
        String id = TestIds.valid(1, 41).get(0);
        LookupWork work = new LookupWork(List.of(new LookupItem(id, CONTEXT, "910000001"),
                new LookupItem(id, CONTEXT, "910000002")), List.of());
        LookupPlan plan = PLANNER.plan(work);
        assertThat(plan.batches()).extracting(KrrBatch::consumerOrg).containsExactly("910000001", "910000002");

        List<PersonOutcome> outcomes = PLANNER.verdicts(plan, List.of(new BatchAnswer(Map.of(id, KrrPersons.active(id)),
                Map.of(), Map.of(), Map.of()), BatchAnswer.rejected(id, "refused")));

        assertThat(status(outcomes.get(0))).isEqualTo("AKTIV");
        assertThat(((PersonOutcome.Error) outcomes.get(1)).code()).isEqualTo(ErrorCode.KRR_REJECTED);
    }

    /** KRR's answer read as the gateway reads it: one person twice is believed only when both entries are alike. */
    @Test
    void outcomes_samePersonTwiceInOneAnswer_differentDataIsAnErrorIdenticalIsOneEntry() throws Exception {
        List<String> ids = TestIds.valid(3, 44);
        String fresh = Instant.now().minus(1, ChronoUnit.DAYS).toString();
        java.util.function.BiFunction<String, String, String> entry = (id, reservation) -> "{\"personidentifikator\":\""
                + id + "\",\"status\":\"AKTIV\",\"reservasjon\":\"" + reservation + "\",\"kontaktinformasjon\":"
                + "{\"epostadresse\":\"a@example.no\",\"epostadresse_oppdatert\":\"" + fresh + "\"}}";
        String body = "{\"personer\":[" + String.join(",", entry.apply(ids.get(0), "JA"),
                entry.apply(ids.get(1), "NEI"), entry.apply(ids.get(0), "NEI"), entry.apply(ids.get(1), "NEI"),
                entry.apply(ids.get(2), "NEI"), entry.apply(ids.get(2), "JA"), entry.apply(ids.get(2), "NEI")) + "]}";
        LookupPlan plan = PLANNER.plan(work(ids));
        var reply = new KrrClient.Reply(KrrAnswer.persons(new ObjectMapper(), body.getBytes(StandardCharsets.UTF_8),
                id -> true), null);

        List<PersonOutcome> outcomes = PLANNER.verdicts(plan, List.of(BatchAnswer.found(plan.batches().get(0), reply)));

        assertThat(outcomes).hasSize(3);
        for (int contradicted : new int[] {0, 2}) {
            assertThat(outcomes.get(contradicted)).as("id %s: JA and NEI", contradicted)
                    .isInstanceOfSatisfying(PersonOutcome.Error.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.KRR_REJECTED);
                        assertThat(error.message()).contains("twice").doesNotContain(ids.get(contradicted));
                    });
        }
        assertThat(outcomes.get(1)).as("the same entry twice").isInstanceOfSatisfying(PersonOutcome.Result.class,
                result -> assertThat(result.verdict().notifiable()).isTrue());
    }

    @Test
    void of_noValidId_noCallsAndEveryItemInvalid() {
        LookupPlan plan = PLANNER.plan(work(TestIds.invalid(5, 42)));

        assertThat(plan.batches()).isEmpty();
        assertThat(PLANNER.verdicts(plan, List.of())).hasSize(5).allSatisfy(o ->
                assertThat(((PersonOutcome.Error) o).code()).isEqualTo(ErrorCode.INVALID_ID));
    }

    @Test
    void outcomes_fewerAnswersThanCalls_refused() {
        LookupPlan plan = new LookupPlan.Planner(VALIDATOR, 2, RULE).plan(work(TestIds.valid(3, 43)));

        assertThatThrownBy(() -> PLANNER.verdicts(plan,
                List.of(new BatchAnswer(Map.of(), Map.of(), Map.of(), Map.of()))))
                .isInstanceOf(IllegalStateException.class);
    }

    private static String status(PersonOutcome outcome) {
        return ((PersonOutcome.Result) outcome).krr().statusText();
    }

    private static LookupWork work(List<String> ids) {
        return new LookupWork(ids.stream().map(id -> new LookupItem(id, CONTEXT)).toList(), List.of());
    }
}
