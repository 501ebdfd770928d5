// SPDX-License-Identifier: Apache-2.0
package no.krrgateway.lookup;

import java.util.HashMap;
import java.util.Map;
import no.krrgateway.krr.model.KrrPerson;

/**
 * KRR's answer for one {@link no.krrgateway.krr.KrrBatch}: the persons it returned, by id, the ids it rejected (found
 * by halving), with why, and the ids not looked up because their tenant's token was refused ({@code orgRejected}),
 * with why. An id of the batch in none of them was left out by KRR: not registered.
 */
public record BatchAnswer(Map<String, KrrPerson> persons, Map<String, String> rejected,
                          Map<String, String> orgRejected) {

    /** A call KRR answered. */
    public static BatchAnswer found(Map<String, KrrPerson> persons) {
        return new BatchAnswer(persons, Map.of(), Map.of());
    }

    /** A single id KRR rejected. */
    public static BatchAnswer rejected(String personId, String reason) {
        return new BatchAnswer(Map.of(), Map.of(personId, reason), Map.of());
    }

    /** A batch not looked up: its tenant's grant or token was refused ({@code CONSUMER_ORG_REJECTED}). */
    public static BatchAnswer orgRejected(Iterable<String> personIds, String reason) {
        Map<String, String> refused = new HashMap<>();
        personIds.forEach(id -> refused.put(id, reason));
        return new BatchAnswer(Map.of(), Map.of(), refused);
    }

    /** The answers for both halves of a batch. */
    public BatchAnswer plus(BatchAnswer other) {
        Map<String, KrrPerson> allPersons = new HashMap<>(persons);
        allPersons.putAll(other.persons);
        Map<String, String> allRejected = new HashMap<>(rejected);
        allRejected.putAll(other.rejected);
        Map<String, String> allOrgRejected = new HashMap<>(orgRejected);
        allOrgRejected.putAll(other.orgRejected);
        return new BatchAnswer(allPersons, allRejected, allOrgRejected);
    }

    /** Why KRR rejected this id, or null when it did not. */
    public String rejection(String personId) {
        return rejected.isEmpty() ? null : rejected.get(personId);
    }

    /** Why this id was not looked up for its tenant, or null when it was. */
    public String orgRejection(String personId) {
        return orgRejected.isEmpty() ? null : orgRejected.get(personId);
    }

    /** What KRR answered for an id of the batch it did not reject: the person, or not registered if left out. */
    public KrrPerson person(String personId) {
        KrrPerson person = persons.get(personId);
        return person != null ? person : KrrPerson.notRegistered(personId);
    }
}
