// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.krrgateway.id.PersonIdValidator;
import no.krrgateway.krr.Evidence;
import no.krrgateway.krr.KrrBatch;
import no.krrgateway.krr.KrrClient;
import no.krrgateway.krr.model.KrrAnswer;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.verdict.Section32Rule;

/** Per customer (a token per call), its distinct valid ids in batches of batchSize; one outcome per item, in order. */
public final class LookupPlan {

    private final LookupWork work;
    /** Per item: why its id is invalid, or null. */
    private final String[] problems;
    /** Per item: the index of the batch its id is asked in, or -1 for an invalid id. */
    private final int[] batchOf;
    private final List<KrrBatch> batches;

    private LookupPlan(LookupWork work, String[] problems, int[] batchOf, List<KrrBatch> batches) {
        this.work = work;
        this.problems = problems;
        this.batchOf = batchOf;
        this.batches = batches;
    }

    /** Route lookup-batch's domain steps: plan a lookup's KRR calls, halve a rejected one, judge KRR's answers. */
    public record Planner(PersonIdValidator validator, int batchSize, Section32Rule rule) {

        /** {@code batchSize}: gateway.krr.batch-size, validated 1..1000 at start-up. */
        public LookupPlan plan(LookupWork work) {
            var items = work.items();
            String[] problems = new String[items.size()];
            int[] batchOf = new int[items.size()];
            // Per customer: which batch each of its ids is asked in, and the batch being filled.
            Map<String, Map<String, Integer>> asked = new HashMap<>();
            Map<String, Integer> filling = new HashMap<>();
            List<List<String>> ids = new ArrayList<>();
            List<String> orgs = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                var item = items.get(i);
                problems[i] = validator.problem(item.personId()).orElse(null);
                if (problems[i] != null) {
                    batchOf[i] = -1;
                    continue;
                }
                String org = item.consumerOrg();
                Map<String, Integer> orgAsked = asked.computeIfAbsent(org, o -> new HashMap<>());
                Integer batch = orgAsked.get(item.personId());
                if (batch == null) {
                    batch = filling.get(org);
                    if (batch == null || ids.get(batch).size() == batchSize) {
                        batch = ids.size();
                        ids.add(new ArrayList<>(Math.min(batchSize, items.size() - i)));
                        orgs.add(org);
                        filling.put(org, batch);
                    }
                    ids.get(batch).add(item.personId());
                    orgAsked.put(item.personId(), batch);
                }
                batchOf[i] = batch;
            }
            List<KrrBatch> batches = new ArrayList<>(ids.size());
            for (int b = 0; b < ids.size(); b++) {
                batches.add(new KrrBatch(ids.get(b), orgs.get(b)));
            }
            return new LookupPlan(work, problems, batchOf, List.copyOf(batches));
        }

        /** {@code answers} in the order of the plan's batches; the decided outcomes first, then one per item. */
        public List<PersonOutcome> verdicts(LookupPlan plan, List<BatchAnswer> answers) {
            if (answers.size() != plan.batches.size()) {
                throw new IllegalStateException(answers.size() + " answers for " + plan.batches.size() + " KRR calls");
            }
            var items = plan.work.items();
            List<PersonOutcome> outcomes = new ArrayList<>(plan.work.decided().size() + items.size());
            outcomes.addAll(plan.work.decided());
            for (int i = 0; i < items.size(); i++) {
                var item = items.get(i);
                if (plan.problems[i] != null) {
                    outcomes.add(new PersonOutcome.Error(item.context(), item.personId(), ErrorCode.INVALID_ID,
                            plan.problems[i], null));
                    continue;
                }
                BatchAnswer answer = answers.get(plan.batchOf[i]);
                String orgRejection = answer.orgRejected().get(item.personId());
                String rejection = answer.rejected().get(item.personId());
                if (orgRejection != null || rejection != null) {
                    outcomes.add(new PersonOutcome.Error(item.context(), item.personId(), orgRejection != null
                            ? ErrorCode.CONSUMER_ORG_REJECTED : ErrorCode.KRR_REJECTED,
                            orgRejection != null ? orgRejection : rejection, null));
                } else {
                    var person = answer.person(item.personId());
                    outcomes.add(new PersonOutcome.Result(item.context(), item.personId(), rule.evaluate(person),
                            person, answer.evidence().get(item.personId())));
                }
            }
            return outcomes;
        }

        // Route krr-halving: a rejected batch (400, 422) is halved down to the ids at fault (other failures would
        // repeat); the first half is the smaller.
        public List<KrrBatch> halves(KrrBatch rejected) {
            List<String> ids = rejected.ids();
            if (ids.size() < 2) {
                throw new IllegalArgumentException("a batch of " + ids.size() + " ids cannot be halved");
            }
            int half = ids.size() / 2;
            return List.of(new KrrBatch(ids.subList(0, half), rejected.consumerOrg()),
                    new KrrBatch(ids.subList(half, ids.size()), rejected.consumerOrg()));
        }

        public BatchAnswer rejected(KrrBatch single, String reason) {
            if (single.size() != 1) {
                throw new IllegalArgumentException("only a single id is answered as rejected, not " + single.size());
            }
            return BatchAnswer.rejected(single.ids().get(0), reason);
        }

        /** The halves' split strategy method; {@code sofar} is null for the first half. */
        public BatchAnswer merge(BatchAnswer sofar, BatchAnswer next) {
            return sofar == null ? next : sofar.plus(next);
        }
    }

    /**
     * Persons by id, ids rejected (by halving, or listed twice unalike) and ids whose tenant is refused, each with why;
     * an id in none is not registered. {@code evidence}: each answered id's signed answer (halves differ), if kept.
     */
    public record BatchAnswer(Map<String, KrrPerson> persons, Map<String, String> rejected,
                              Map<String, String> orgRejected, Map<String, Evidence> evidence) {

        /** Only the persons {@code batch} asked, so merged halves judge each id by its own call; all its evidence. */
        public static BatchAnswer found(KrrBatch batch, KrrClient.Reply reply) {
            Map<String, KrrPerson> persons = new HashMap<>();
            Map<String, String> contradicted = new HashMap<>();
            Map<String, Evidence> evidence = new HashMap<>();
            for (String id : batch.ids()) { // a null (left out, or no evidence kept) makes no entry
                KrrPerson person = reply.persons().get(id);
                if (person == KrrAnswer.CONTRADICTED) {
                    contradicted.put(id, "KRR listed this person twice with different data; neither entry is used");
                    continue;
                }
                persons.compute(id, (key, none) -> person);
                evidence.compute(id, (key, none) -> reply.evidence());
            }
            return new BatchAnswer(persons, contradicted, Map.of(), evidence);
        }

        public static BatchAnswer rejected(String personId, String reason) {
            return new BatchAnswer(Map.of(), Map.of(personId, reason), Map.of(), Map.of());
        }

        public static BatchAnswer orgRejected(Iterable<String> personIds, String reason) {
            Map<String, String> refused = new HashMap<>();
            personIds.forEach(id -> refused.put(id, reason));
            return new BatchAnswer(Map.of(), Map.of(), refused, Map.of());
        }

        public BatchAnswer plus(BatchAnswer other) {
            return new BatchAnswer(union(persons, other.persons), union(rejected, other.rejected),
                    union(orgRejected, other.orgRejected), union(evidence, other.evidence));
        }

        private static <V> Map<String, V> union(Map<String, V> some, Map<String, V> more) {
            Map<String, V> all = new HashMap<>(some);
            all.putAll(more);
            return all;
        }

        public KrrPerson person(String personId) {
            KrrPerson person = persons.get(personId);
            return person != null ? person : KrrPerson.notRegistered(personId);
        }
    }

    public List<KrrBatch> batches() {
        return batches;
    }
}
