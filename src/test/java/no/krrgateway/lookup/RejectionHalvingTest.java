// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import no.krrgateway.krr.Evidence;
import no.krrgateway.krr.KrrBatch;
import no.krrgateway.krr.KrrClient;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.lookup.LookupPlan.BatchAnswer;
import no.krrgateway.support.TestIds;
import org.junit.jupiter.api.Test;

class RejectionHalvingTest {

    private final LookupPlan.Planner halving = new LookupPlan.Planner(null, 1, null);

    @Test
    void halves_oddBatch_smallerHalfFirstBothWithTheBatchsCustomer() {
        KrrBatch batch = new KrrBatch(List.of("a", "b", "c", "d", "e"), "910000001");

        List<KrrBatch> halves = halving.halves(batch);

        assertThat(halves).extracting(KrrBatch::ids).containsExactly(List.of("a", "b"), List.of("c", "d", "e"));
        assertThat(halves).extracting(KrrBatch::consumerOrg).containsOnly("910000001");
    }

    @Test
    void halvesAndRejected_wrongSizes_refused() {
        assertThatThrownBy(() -> halving.halves(new KrrBatch(List.of("a"), null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> halving.rejected(new KrrBatch(List.of("a", "b"), null), "refused"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void merge_halvesAnswers_togetherAndTheFirstAloneWhenNothingBefore() {
        BatchAnswer first = BatchAnswer.found(new KrrBatch(List.of("a"), null),
                new KrrClient.Reply(Map.of("a", KrrPersons.active("a")), null));
        BatchAnswer second = halving.rejected(new KrrBatch(List.of("b"), null), "refused");

        assertThat(halving.merge(null, first)).isSameAs(first);
        BatchAnswer both = halving.merge(first, second);
        assertThat(both.person("a").statusText()).isEqualTo("AKTIV");
        assertThat(both.rejected().get("b")).isEqualTo("refused");
        assertThat(both.rejected().get("a")).isNull();
        assertThat(both.person("c").statusText()).as("left out by KRR").isEqualTo("IKKE_REGISTRERT");
    }

    /**
     * A half is judged only by the call that asked it: an id another half's KRR answer added unasked neither fills
     * in for one its own call left out (NOT_REGISTERED, docs/contract.md §3) nor replaces its own call's answer.
     */
    @Test
    void merge_aHalfsAnswerAddsAnIdOfTheOtherHalf_eachIdJudgedByItsOwnCall() {
        Evidence firstAnswer = new Evidence("e-1", Instant.EPOCH, "jws-1");
        Evidence secondAnswer = new Evidence("e-2", Instant.EPOCH, "jws-2");
        // the first half's call answers a and, unasked, b; the second's leaves b out and answers a, unasked, reserved
        BatchAnswer first = BatchAnswer.found(new KrrBatch(List.of("a"), null),
                new KrrClient.Reply(Map.of("a", KrrPersons.active("a"), "b", KrrPersons.active("b")), firstAnswer));
        BatchAnswer second = BatchAnswer.found(new KrrBatch(List.of("b"), null),
                new KrrClient.Reply(Map.of("a", reserved("a")), secondAnswer));

        BatchAnswer both = halving.merge(halving.merge(null, first), second);

        assertThat(both.person("a").reservationText()).as("a, as the call that asked it answered").isEqualTo("NEI");
        assertThat(both.evidence().get("a")).isSameAs(firstAnswer);
        assertThat(both.person("b").statusText()).as("b, left out by the call that asked it")
                .isEqualTo("IKKE_REGISTRERT");
        assertThat(both.evidence().get("b")).isSameAs(secondAnswer);
    }

    private static KrrPerson reserved(String personId) {
        return KrrPerson.of(new ObjectMapper().createObjectNode().put("personidentifikator", personId)
                .put("status", "AKTIV").put("reservasjon", "JA"));
    }

    /** The route's recursion (krr-halving) in plain Java, against a KRR that rejects any batch with a bad id. */
    @Test
    void halvingAsTheRouteDoesIt_twoBadIdsAmongAThousand_onlyThoseRejectedInFewCalls() {
        List<String> ids = TestIds.valid(1000, 31);
        Set<String> bad = Set.of(ids.get(17), ids.get(733));
        List<KrrBatch> calls = new ArrayList<>();
        Function<KrrBatch, Map<String, KrrPerson>> krr = batch -> {
            calls.add(batch);
            if (batch.ids().stream().anyMatch(bad::contains)) {
                throw new IllegalArgumentException("KRR rejected the batch with HTTP 400");
            }
            return batch.ids().stream().collect(Collectors.toMap(id -> id, KrrPersons::active));
        };

        BatchAnswer answer = ask(new KrrBatch(ids, null), krr);

        assertThat(ids).filteredOn(id -> answer.rejected().get(id) != null).containsExactlyInAnyOrderElementsOf(bad);
        assertThat(ids).filteredOn(id -> answer.rejected().get(id) == null)
                .allSatisfy(id -> assertThat(answer.person(id).statusText()).isEqualTo("AKTIV"));
        assertThat(calls.size()).as("KRR calls to find two bad ids among 1000").isLessThanOrEqualTo(40);
    }

    private BatchAnswer ask(KrrBatch batch, Function<KrrBatch, Map<String, KrrPerson>> krr) {
        try {
            return BatchAnswer.found(batch, new KrrClient.Reply(krr.apply(batch), null));
        } catch (IllegalArgumentException rejected) {
            if (batch.size() == 1) {
                return halving.rejected(batch, rejected.getMessage());
            }
            BatchAnswer answer = null;
            for (KrrBatch half : halving.halves(batch)) {
                answer = halving.merge(answer, ask(half, krr));
            }
            return answer;
        }
    }
}
