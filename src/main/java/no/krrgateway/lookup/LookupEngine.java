// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import no.krrgateway.GatewayException;
import no.krrgateway.id.PersonIdValidator;
import no.krrgateway.krr.KrrClient;
import no.krrgateway.krr.KrrRejectedException;
import no.krrgateway.krr.model.KrrPerson;
import no.krrgateway.outcome.ErrorCode;
import no.krrgateway.outcome.PersonOutcome;
import no.krrgateway.verdict.Section32Rule;

/**
 * The one engine behind both channels: validates ids, looks each unique id up once in KRR calls of at most
 * {@code batchSize} ids, run on a shared pool whose size caps KRR calls in flight, and answers every item with
 * exactly one outcome, in the order of the items.
 */
public class LookupEngine {

    private final PersonIdValidator validator;
    private final KrrClient krr;
    private final Section32Rule rule;
    private final ExecutorService krrCalls;
    private final int batchSize;
    private final LookupAvailability availability;

    public LookupEngine(PersonIdValidator validator, KrrClient krr, Section32Rule rule, ExecutorService krrCalls,
                        int batchSize, LookupAvailability availability) {
        this.validator = validator;
        this.krr = krr;
        this.rule = rule;
        this.krrCalls = krrCalls;
        this.batchSize = batchSize;
        this.availability = availability;
    }

    public List<PersonOutcome> lookup(LookupWork work) {
        List<LookupItem> items = work.items();
        List<Optional<String>> problems = new ArrayList<>(items.size());
        // Unique valid ids per customer (consumer_org): each customer's ids go in calls of their own, with its token.
        Map<Optional<String>, LinkedHashSet<String>> unique = new LinkedHashMap<>();
        for (LookupItem item : items) {
            Optional<String> problem = validator.problem(item.personId());
            problems.add(problem);
            if (problem.isEmpty()) {
                unique.computeIfAbsent(Optional.ofNullable(item.consumerOrg()), org -> new LinkedHashSet<>())
                        .add(item.personId());
            }
        }
        Map<Optional<String>, Map<String, Answer>> answers = callKrr(unique);

        List<PersonOutcome> outcomes = new ArrayList<>(work.decided().size() + items.size());
        outcomes.addAll(work.decided());
        for (int i = 0; i < items.size(); i++) {
            LookupItem item = items.get(i);
            Map<String, Answer> orgAnswers = answers.get(Optional.ofNullable(item.consumerOrg()));
            outcomes.add(outcome(item, problems.get(i), orgAnswers == null ? null : orgAnswers.get(item.personId())));
        }
        return outcomes;
    }

    private PersonOutcome outcome(LookupItem item, Optional<String> problem, Answer answer) {
        if (problem.isPresent()) {
            return new PersonOutcome.Error(item.context(), item.personId(), ErrorCode.INVALID_ID, problem.get(), null);
        }
        if (answer.rejection() != null) {
            return new PersonOutcome.Error(item.context(), item.personId(), ErrorCode.KRR_REJECTED,
                    answer.rejection(), null);
        }
        KrrPerson person = answer.person();
        return new PersonOutcome.Result(item.context(), item.personId(), rule.evaluate(person), person);
    }

    private Map<Optional<String>, Map<String, Answer>> callKrr(Map<Optional<String>, LinkedHashSet<String>> unique) {
        List<CompletableFuture<Map<String, Answer>>> calls = new ArrayList<>();
        List<Optional<String>> callOrgs = new ArrayList<>();
        unique.forEach((org, orgIds) -> {
            List<String> ids = new ArrayList<>(orgIds);
            for (int from = 0; from < ids.size(); from += batchSize) {
                List<String> batch = ids.subList(from, Math.min(ids.size(), from + batchSize));
                calls.add(CompletableFuture.supplyAsync(() -> callOnce(batch, org.orElse(null)), krrCalls));
                callOrgs.add(org);
            }
        });
        Map<Optional<String>, Map<String, Answer>> answers = new HashMap<>();
        try {
            for (int i = 0; i < calls.size(); i++) {
                answers.computeIfAbsent(callOrgs.get(i), org -> new HashMap<>()).putAll(calls.get(i).join());
            }
        } catch (CompletionException e) {
            calls.forEach(call -> call.cancel(false));
            if (e.getCause() instanceof GatewayException failure) {
                availability.failed(failure);
            }
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        if (!calls.isEmpty()) {
            availability.succeeded();
        }
        return answers;
    }

    /**
     * One KRR call. When KRR rejects the batch (400 or 422), the ids that cause it are found by halving: each half is
     * asked again, down to single ids, so only those get KRR_REJECTED and everyone else is answered normally. Any
     * other 4xx is a configuration fault (KrrMisconfiguredException) and propagates without halving: it would only
     * repeat the same answer for every half and end as KRR_REJECTED for ids KRR never judged.
     */
    private Map<String, Answer> callOnce(List<String> batch, String consumerOrg) {
        Map<String, Answer> answers = new HashMap<>();
        try {
            Map<String, KrrPerson> found = krr.lookup(batch, consumerOrg);
            for (String id : batch) {
                KrrPerson person = found.get(id);
                answers.put(id, new Answer(person != null ? person : KrrPerson.notRegistered(id), null));
            }
        } catch (KrrRejectedException e) {
            if (batch.size() == 1) {
                answers.put(batch.get(0), new Answer(null, e.getMessage()));
            } else {
                int half = batch.size() / 2;
                answers.putAll(callOnce(batch.subList(0, half), consumerOrg));
                answers.putAll(callOnce(batch.subList(half, batch.size()), consumerOrg));
            }
        }
        return answers;
    }

    /** KRR's answer for one id: the person, or why KRR rejected its batch. */
    private record Answer(KrrPerson person, String rejection) {
    }
}
