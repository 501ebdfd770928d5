// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import java.util.HashMap;
import java.util.Map;
import no.krrgateway.krr.Evidence;
import no.krrgateway.krr.KrrBatch;
import no.krrgateway.krr.KrrClient;
import no.krrgateway.krr.model.KrrPerson;

/**
 * Persons by id, ids rejected (by halving) and ids whose tenant is refused, each with why; an id in none is not
 * registered. {@code evidence}: each answered id's signed answer (halves differ), empty unless answers are kept.
 */
public record BatchAnswer(Map<String, KrrPerson> persons, Map<String, String> rejected,
                          Map<String, String> orgRejected, Map<String, Evidence> evidence) {

    /** Every id of {@code batch}, found or left out, is answered by the reply's evidence. */
    public static BatchAnswer found(KrrBatch batch, KrrClient.Reply reply) {
        if (reply.evidence() == null) {
            return new BatchAnswer(reply.persons(), Map.of(), Map.of(), Map.of());
        }
        Map<String, Evidence> evidence = new HashMap<>();
        batch.ids().forEach(id -> evidence.put(id, reply.evidence()));
        return new BatchAnswer(reply.persons(), Map.of(), Map.of(), evidence);
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
