// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import java.util.HashMap;
import java.util.Map;
import no.krrgateway.krr.Evidence;
import no.krrgateway.krr.KrrBatch;
import no.krrgateway.krr.KrrReply;
import no.krrgateway.krr.model.KrrPerson;

/**
 * KRR's answer for one {@link no.krrgateway.krr.KrrBatch}: the persons it returned, by id, the ids it rejected (found
 * by halving), with why, and the ids not looked up because their tenant's grant or token was refused
 * ({@code orgRejected}), with why. An id of the batch in none of them was left out by KRR: not registered. When
 * signed answers are kept, {@code evidence} names, for each id answered, the signed answer it was answered in (the
 * halves of a rejected batch are answered in different ones); otherwise it is empty.
 */
public record BatchAnswer(Map<String, KrrPerson> persons, Map<String, String> rejected,
                          Map<String, String> orgRejected, Map<String, Evidence> evidence) {

    public BatchAnswer(Map<String, KrrPerson> persons, Map<String, String> rejected) {
        this(persons, rejected, Map.of(), Map.of());
    }

    /** Every id of {@code batch}, found or left out, is answered by the reply's evidence. */
    public static BatchAnswer found(KrrBatch batch, KrrReply reply) {
        if (reply.evidence() == null) {
            return new BatchAnswer(reply.persons(), Map.of());
        }
        Map<String, Evidence> evidence = new HashMap<>();
        batch.ids().forEach(id -> evidence.put(id, reply.evidence()));
        return new BatchAnswer(reply.persons(), Map.of(), Map.of(), evidence);
    }

    public static BatchAnswer rejected(String personId, String reason) {
        return new BatchAnswer(Map.of(), Map.of(personId, reason));
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

    /** What KRR answered for an id of the batch it did not reject: the person, or not registered if left out. */
    public KrrPerson person(String personId) {
        KrrPerson person = persons.get(personId);
        return person != null ? person : KrrPerson.notRegistered(personId);
    }
}
